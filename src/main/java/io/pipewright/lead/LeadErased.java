package io.pipewright.lead;

/**
 * The person's data on the lead was erased on request; the anonymous record that is left
 * cannot take personal data again.
 */
public class LeadErased extends RuntimeException {

	public LeadErased(Lead lead) {
		super("Lead '" + lead.id() + "' was erased on request (" + lead.erasedAt()
				+ "): its personal data is gone for good and cannot be set again; create a new lead instead");
	}

}

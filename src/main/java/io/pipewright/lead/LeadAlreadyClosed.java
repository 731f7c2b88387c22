package io.pipewright.lead;

/** The lead is already won or lost. */
public class LeadAlreadyClosed extends RuntimeException {

	public LeadAlreadyClosed(Lead lead) {
		super("Lead '" + lead.id() + "' is already " + lead.status().json()
				+ (lead.closedAt() == null ? "" : " (closed " + lead.closedAt() + ")"));
	}

}

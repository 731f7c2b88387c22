package io.pipewright.lead;

/** No lead has that id. */
public class UnknownLead extends RuntimeException {

	public UnknownLead(String id) {
		super("No lead with id '" + id + "'");
	}

}

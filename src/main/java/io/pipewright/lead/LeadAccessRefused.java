package io.pipewright.lead;

/** The caller's role allows the call, but not on this lead. */
public class LeadAccessRefused extends RuntimeException {

	LeadAccessRefused(String message) {
		super(message);
	}

}

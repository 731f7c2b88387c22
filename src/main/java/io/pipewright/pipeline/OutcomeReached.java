package io.pipewright.pipeline;

import java.time.Instant;

/**
 * The lead's process reached an end event that carries an {@code outcome} ({@code won} or
 * {@code lost}) and, for lost, perhaps a {@code reason}; published in the engine's
 * transaction.
 */
public record OutcomeReached(String leadId, String outcome, String reason, Instant at) {

	public OutcomeReached(String leadId, String outcome, Instant at) {
		this(leadId, outcome, null, at);
	}

}

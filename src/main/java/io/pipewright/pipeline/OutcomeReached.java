package io.pipewright.pipeline;

import java.time.Instant;

/**
 * The lead's process reached an end event that carries an {@code outcome} ({@code won} or
 * {@code lost}); published in the engine's transaction.
 */
public record OutcomeReached(String leadId, String outcome, Instant at) {
}

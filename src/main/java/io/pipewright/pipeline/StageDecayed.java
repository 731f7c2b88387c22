package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A stage's interrupting timer fired: the lead left the stage because it made no progress
 * in time, and its open tasks were skipped. Published in the engine's transaction, just
 * after the {@link StageLeft} it explains; what the lead does next (lost, handed to a
 * team) follows from the timer's flow.
 */
public record StageDecayed(String leadId, String stageId, String timerId, Instant at) {
}

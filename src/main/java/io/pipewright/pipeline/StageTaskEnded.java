package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A stage task ended: {@code done} when someone completed it, otherwise it was skipped
 * (its stage was left by its goal, or the lead was closed). Published in the engine's
 * transaction.
 */
public record StageTaskEnded(String leadId, String taskId, boolean done, String by, Instant at) {
}

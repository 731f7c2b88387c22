package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A lead left a stage, in the engine's transaction. {@code completed} is true when the
 * stage's inner flow ended normally; false when something interrupted it (its goal, won
 * or lost, a cancellation). When the goal interrupted it, {@link GoalReached} follows in
 * the same transaction.
 */
public record StageLeft(String leadId, String stageId, String activityInstanceId, boolean completed, Instant at) {
}

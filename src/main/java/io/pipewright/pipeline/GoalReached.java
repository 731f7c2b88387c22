package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A stage's goal became true and interrupted the stage; published in the engine's
 * transaction.
 */
public record GoalReached(String leadId, String stageId, String stageName, String goalId, String goalName, Instant at) {
}

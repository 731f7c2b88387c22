package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A lead entered a stage. Published by the engine glue in the engine's transaction, so a
 * listener's writes commit or roll back with the stage change.
 */
public record StageEntered(String leadId, String pipelineKey, String stageId, String stageName,
		String activityInstanceId, Instant at) {
}

package io.pipewright.pipeline;

import java.time.Instant;

/** A stage task appeared for a lead; published in the engine's transaction. */
public record StageTaskCreated(String leadId, String taskId, String stageId, String name, Instant due, String assignee,
		Instant at) {
}

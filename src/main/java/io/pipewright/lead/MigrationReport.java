package io.pipewright.lead;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What moving a pipeline's open leads to its newest version did (or, on a dry run, would
 * do): how many moved, how many were on it already, and each lead that stays behind with
 * the reason.
 */
public record MigrationReport(LeadView.PipelineRef pipeline, boolean dryRun, int moved, int alreadyCurrent,
		List<NotMoved> notMoved) {

	/** A lead that stays on its version; {@code version} is the one it stays on. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record NotMoved(String leadId, String leadName, Integer version, StageRef stage, String reason) {
	}

	public record StageRef(String id, String name) {
	}

}

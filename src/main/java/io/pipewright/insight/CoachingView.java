package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * For each rep, each stage's conversion (moved on / entered, as the funnel counts it) of
 * the leads created in the period, against the team's.
 */
record CoachingView(FunnelView.PipelineRef pipeline, LocalDate from, LocalDate to, String zone, int minMeasured,
		List<Stage> team, List<Rep> reps) {

	record Stage(String stageId, String stageName, long entered, long movedOn, BigDecimal conversion) {
	}

	/**
	 * @param gap the rep's conversion minus the team's
	 * @param measured whether at least min-measured of the rep's leads entered the stage:
	 * only those can be the weakest
	 */
	record Comparison(String stageId, String stageName, long entered, long movedOn, BigDecimal conversion,
			long teamEntered, long teamMovedOn, BigDecimal teamConversion, BigDecimal gap, boolean measured) {
	}

	/**
	 * @param weakest the measured stage furthest below the team; null if none is below
	 */
	record Rep(String owner, List<Comparison> stages, Comparison weakest) {
	}

}

package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * How well the learned win probability predicted held-out closed leads, next to the usual
 * fixed percentages per stage.
 *
 * @param learnedOn closed leads the model learned from (closed before
 * {@code heldOutFrom})
 * @param heldOut the most recently closed leads, scored at every stage they entered
 * @param predictions how many (lead, stage entry) pairs were scored
 */
record CalibrationView(FunnelView.PipelineRef pipeline, long learnedOn, long heldOut, Instant heldOutFrom,
		long predictions, String method, Scores model, Scores fixed, List<FixedStage> fixedPercentages) {

	/**
	 * @param brier the mean of (predicted - outcome)², 0 is perfect; null with nothing
	 * scored
	 */
	record Scores(BigDecimal brier, List<Bin> reliability) {
	}

	/**
	 * Predictions from {@code from} (included) to {@code to}: their mean, and the share
	 * of them that was won.
	 */
	record Bin(BigDecimal from, BigDecimal to, BigDecimal predicted, BigDecimal observed, long count) {
	}

	record FixedStage(String stageId, String stageName, BigDecimal probability) {
	}

}

package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The warning signs of a pipeline's open leads, and of the work behind them. */
record WarningsView(FunnelView.PipelineRef pipeline, Instant at, String zone, List<Stuck> stuck, List<Slipped> slipped,
		Target target, List<Balance> balance) {

	/**
	 * A lead longer in its stage than three in four finished visits of the stage took.
	 */
	record Stuck(String leadId, String name, String owner, String stageId, String stageName, BigDecimal daysInStage,
			BigDecimal usualDays) {
	}

	/** A lead whose expected close date moved later two times or more. */
	record Slipped(String leadId, String name, String owner, int slips) {
	}

	/**
	 * The target still to reach this year against the weighted open pipeline (value × the
	 * stage's measured share of leaving leads that were won, as on the board), in one
	 * currency.
	 *
	 * @param unweighted open value in stages with too little history to weigh it
	 */
	record Target(String currency, BigDecimal target, LocalDate yearFrom, BigDecimal wonThisYear, BigDecimal toReach,
			BigDecimal weightedPipeline, BigDecimal unweighted, boolean thin, BigDecimal shortfall,
			List<StageWeight> stages) {
	}

	record StageWeight(String stageId, String stageName, BigDecimal openValue, BigDecimal wonShare,
			BigDecimal weighted) {
	}

	/**
	 * A rep's work per week (Monday first) over the last 8 weeks: prospecting is entering
	 * the first stage, closing entering a later one or winning.
	 */
	record Balance(String owner, long prospecting, long closing, List<Week> weeks) {
	}

	record Week(LocalDate week, long prospecting, long closing) {
	}

}

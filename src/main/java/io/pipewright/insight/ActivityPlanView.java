package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The activities a year's target needs, stage by stage in model order, against this
 * week's actual.
 *
 * @param deals target / averageDeal, the count of the last stage
 * @param week this week (Monday to Sunday in {@code zone}), whose stage entries are the
 * {@code thisWeek} figures
 * @param history the period whose leads the measured hit rates come from
 * @param method how the figures were worked out, in words a manager can check by hand
 */
record ActivityPlanView(FunnelView.PipelineRef pipeline, BigDecimal target, BigDecimal averageDeal, int weeks,
		Figures deals, Period week, Period history, String zone, String method, List<Stage> stages) {

	/** Per month is per year / 12; per week is per year / weeks. */
	record Figures(BigDecimal perYear, BigDecimal perMonth, BigDecimal perWeek, long thisWeek) {
	}

	record Period(LocalDate from, LocalDate to) {
	}

	/**
	 * @param hitRate the share of the leads entering this stage that go on to a later
	 * stage or are won; the last stage's is shown but not used, as its count is the deals
	 * @param hitRateSource measured (from history), entered (in the request), or default
	 * (too little history)
	 * @param measuredOn how many leads of the history left this stage (moved on or were
	 * lost); null when the rate was entered
	 * @param thisWeek how many times leads entered this stage this week
	 */
	record Stage(String stageId, String name, BigDecimal hitRate, String hitRateSource, Long measuredOn,
			BigDecimal perYear, BigDecimal perMonth, BigDecimal perWeek, long thisWeek) {
	}

}

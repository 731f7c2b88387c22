package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * How the leads closed in a period went: win rate, deal size (per currency: amounts in
 * NOK and EUR do not add up), the sales cycle and the time each stage takes.
 *
 * @param winRate won / (won + lost); null while none is closed
 * @param cycle days from creation to win, of the won leads
 * @param stages days spent in each stage, of the visits that ended, by leads closed in
 * the period
 * @param askToDecision days from first entering the ask stage (the offer) to the close,
 * of the closed leads that entered it; null without an ask stage
 */
record OutcomesView(FunnelView.PipelineRef pipeline, LocalDate from, LocalDate to, String zone, FunnelFilter filter,
		long won, long lost, BigDecimal winRate, List<DealSize> dealSize, Spread cycle, List<StageTime> stages,
		AskToDecision askToDecision) {

	/** Won deals in one currency. */
	record DealSize(String currency, long won, BigDecimal total, BigDecimal average) {
	}

	/**
	 * Days, as a median with the middle half around it; null figures while nothing was
	 * measured.
	 */
	record Spread(long leads, BigDecimal median, BigDecimal p25, BigDecimal p75, BigDecimal average) {
	}

	record StageTime(String stageId, String name, Spread days) {
	}

	/**
	 * From the ask to the decision: the ask is entering a stage (stageId and its name) or
	 * a fact first reported true (fact).
	 */
	record AskToDecision(String stageId, String name, String fact, Spread days) {
	}

}

package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Expected won value per month from the open leads (value × each lead's win probability,
 * by expected close date), and how past weekly forecasts compared with what was won.
 *
 * @param weightedBy {@code path}: each lead by its own learned win probability;
 * {@code stage}: by its stage's odds, while the pipeline has no closed leads to learn
 * from
 * @param probability the weighting in words
 * @param months from this month on; a lead whose close date has passed counts in this
 * month
 * @param undated open leads with no expected close date: not in any month
 * @param accuracy for each snapshot week and each month since ended: forecast against
 * won, newest first
 */
record ForecastView(FunnelView.PipelineRef pipeline, String zone, String weightedBy, String probability,
		List<Month> months, List<Amount> undated, List<Accuracy> accuracy) {

	record Month(YearMonth month, String currency, long leads, BigDecimal pipeline, BigDecimal expected) {
	}

	record Amount(String currency, long leads, BigDecimal pipeline) {
	}

	/**
	 * @param error forecast − won; positive: the forecast was too hopeful
	 * @param ratio won / forecast; null when nothing was forecast
	 */
	record Accuracy(LocalDate weekStart, YearMonth month, String currency, BigDecimal forecast, BigDecimal won,
			BigDecimal error, BigDecimal ratio) {
	}

}

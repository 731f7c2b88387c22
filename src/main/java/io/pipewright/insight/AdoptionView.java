package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How fully the team works the process: stage tasks done by their due date in the period,
 * and open leads touched in the last {@code days} days.
 */
record AdoptionView(FunnelView.PipelineRef pipeline, LocalDate from, LocalDate to, String zone, int days,
		Instant touchedSince, List<Rep> reps, Rep team) {

	/**
	 * @param tasks the stage tasks done in the period, or not done and fallen due in it
	 * @param onTime of those, the ones done no later than due
	 * @param openLeads the rep's open leads now
	 * @param touched of those, the ones with work on them since {@code touchedSince}
	 */
	record Rep(String owner, long tasks, long onTime, BigDecimal onTimeShare, long openLeads, long touched,
			BigDecimal touchedShare) {
	}

}

package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The funnel of the leads created in a period: each stage in model order, then the
 * outcome of all of them.
 *
 * @param winRate won / (won + lost); null while none is closed
 */
record FunnelView(PipelineRef pipeline, LocalDate from, LocalDate to, String zone, FunnelFilter filter,
		List<Stage> stages, long leads, long won, long lost, long open, BigDecimal winRate) {

	/**
	 * @param entered distinct leads that entered the stage
	 * @param movedOn of those, the leads that entered a later stage or were won
	 * @param lost the leads lost while in this stage
	 * @param open the leads still open in it
	 * @param conversion movedOn / entered; null when none entered
	 */
	record Stage(String stageId, String name, long entered, long movedOn, long lost, long open, BigDecimal conversion) {
	}

	record PipelineRef(String key, String name, int version) {
	}

}

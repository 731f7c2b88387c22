package io.pipewright.lead;

import java.time.Instant;
import java.util.List;

/**
 * A stage the lead has left; {@code leftBy} is goal, completed, decay, won, lost or
 * interrupted.
 */
public record PassedStage(String id, String name, Instant enteredAt, Instant leftAt, String leftBy,
		List<StageTask> tasks) {

	/** {@code outcome} is done or skipped (its stage was left before anyone did it). */
	public record StageTask(String id, String name, Instant due, String outcome, Instant endedAt, String endedBy) {
	}

}

package io.pipewright.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * The funnel's counts, stage by stage in model order. A lead that entered a stage either
 * moved on (entered a later stage, or was won), was lost there, or is still open there:
 * the three always add up to the leads that entered it.
 */
record FunnelCounts(List<Stage> stages, long won, long lost, long open) {

	record Stage(long entered, long movedOn, long lost, long open) {

		/** The leads whose stay in the stage is over: the base of its hit rate. */
		long decided() {
			return movedOn + lost;
		}

	}

	long leads() {
		return won + lost + open;
	}

	static FunnelCounts of(int stageCount, List<InsightQueries.Group> groups) {
		long[] entered = new long[stageCount];
		long[] movedOn = new long[stageCount];
		long[] lost = new long[stageCount];
		long[] open = new long[stageCount];
		long won = 0;
		long lostTotal = 0;
		long openTotal = 0;
		for (InsightQueries.Group group : groups) {
			boolean isWon = "won".equals(group.status());
			boolean isLost = "lost".equals(group.status());
			if (isWon) {
				won += group.leads();
			}
			else if (isLost) {
				lostTotal += group.leads();
			}
			else {
				openTotal += group.leads();
			}
			int furthest = 63 - Long.numberOfLeadingZeros(group.mask());
			for (int i = 0; i < stageCount; i++) {
				if ((group.mask() & (1L << i)) == 0) {
					continue;
				}
				entered[i] += group.leads();
				if (isWon || furthest > i) {
					movedOn[i] += group.leads();
				}
				else if (isLost) {
					lost[i] += group.leads();
				}
				else {
					open[i] += group.leads();
				}
			}
		}
		List<Stage> stages = new ArrayList<>();
		for (int i = 0; i < stageCount; i++) {
			stages.add(new Stage(entered[i], movedOn[i], lost[i], open[i]));
		}
		return new FunnelCounts(List.copyOf(stages), won, lostTotal, openTotal);
	}

}

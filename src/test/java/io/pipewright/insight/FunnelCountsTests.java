package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How the database's (stages entered, status) groups become the funnel's counts. */
class FunnelCountsTests {

	@Test
	void aLeadMovedOnFromEveryStageBeforeItsFurthestAndFromThatOneOnlyIfWon() {
		// stages 0, 1, 3 entered (2 skipped): 2 lost in 3, 1 won from 3, 4 open in 3
		FunnelCounts counts = FunnelCounts.of(4, List.of(new InsightQueries.Group(0b1011, "lost", 2),
				new InsightQueries.Group(0b1011, "won", 1), new InsightQueries.Group(0b1011, "open", 4)));

		assertThat(counts.stages()).containsExactly(new FunnelCounts.Stage(7, 7, 0, 0),
				new FunnelCounts.Stage(7, 7, 0, 0), new FunnelCounts.Stage(0, 0, 0, 0),
				new FunnelCounts.Stage(7, 1, 2, 4));
		assertThat(counts.won()).isEqualTo(1);
		assertThat(counts.lost()).isEqualTo(2);
		assertThat(counts.open()).isEqualTo(4);
		assertThat(counts.leads()).isEqualTo(7);
		assertThat(counts.stages().get(3).decided()).isEqualTo(3);
	}

	@Test
	void aLeadWithoutAStageOfTheModelCountsOnlyInTheTotals() {
		FunnelCounts counts = FunnelCounts.of(2, List.of(new InsightQueries.Group(0, "lost", 3)));

		assertThat(counts.stages()).containsOnly(new FunnelCounts.Stage(0, 0, 0, 0));
		assertThat(counts.lost()).isEqualTo(3);
	}

}

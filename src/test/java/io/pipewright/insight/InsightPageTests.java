package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The page lists the stuck leads furthest past their stage's usual time first, and no
 * more than a manager reads: thousands of them made the page seconds slower and no
 * clearer.
 */
class InsightPageTests {

	@Test
	void theLeadsFurthestPastTheUsualTimeComeFirstAndAtMostTwentyFive() {
		List<WarningsView.Stuck> stuck = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			// days over the usual: 0.5, 1.5, 2.5 ... in a shuffled order
			int over = (i * 17) % 40;
			stuck.add(new WarningsView.Stuck("lead-" + over, "Lead " + over, "ingrid", "Stage_Offer", "Offer",
					BigDecimal.valueOf(over + 4.5), BigDecimal.valueOf(4)));
		}

		List<WarningsView.Stuck> shown = InsightPage.mostStuck(stuck);

		assertThat(shown).hasSize(InsightPage.WARNED_LEADS);
		assertThat(shown.get(0).leadId()).isEqualTo("lead-39");
		assertThat(shown.get(24).leadId()).isEqualTo("lead-15");
		assertThat(shown).isSortedAccordingTo(
				(a, b) -> b.daysInStage().subtract(b.usualDays()).compareTo(a.daysInStage().subtract(a.usualDays())));
		assertThat(InsightPage.mostStuck(stuck.subList(0, 3))).hasSize(3);
	}

}

package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The activity plan's arithmetic, on the source documents' own example first. */
class ActivityPlanTests {

	private static final BigDecimal TARGET = new BigDecimal("1500000");

	private static final BigDecimal AVERAGE_DEAL = new BigDecimal("75000");

	private static final List<BigDecimal> HALF_AT_EVERY_STEP = Collections.nCopies(6, new BigDecimal("0.5"));

	@Test
	void theSourceDocumentsExampleComesOutExactly() {
		List<BigDecimal> perYear = ActivityPlan.perYear(TARGET, AVERAGE_DEAL, HALF_AT_EVERY_STEP);

		// prospecting calls, booking calls, first visits, follow-up visits, offers, deals
		assertThat(shown(perYear)).containsExactly("640", "320", "160", "80", "40", "20");
		assertThat(shown(perYear.stream().map(year -> ActivityPlan.perWeek(year, 40)).toList())).containsExactly("16",
				"8", "4", "2", "1", "0.5");
		assertThat(ActivityPlan.shown(ActivityPlan.deals(TARGET, AVERAGE_DEAL)).toPlainString()).isEqualTo("20");
	}

	@Test
	void perMonthIsPerYearOverTwelve() {
		List<BigDecimal> perYear = ActivityPlan.perYear(TARGET, AVERAGE_DEAL, HALF_AT_EVERY_STEP);

		assertThat(shown(perYear.stream().map(ActivityPlan::perMonth).toList())).containsExactly("53.33", "26.67",
				"13.33", "6.67", "3.33", "1.67");
	}

	@Test
	void eachStageNeedsTheNextOnesCountOverItsOwnHitRateAndTheLastStagesRateIsNotUsed() {
		List<BigDecimal> rates = List.of(new BigDecimal("0.25"), new BigDecimal("0.8"), new BigDecimal("0.1"));

		List<BigDecimal> perYear = ActivityPlan.perYear(new BigDecimal("1000000"), new BigDecimal("40000"), rates);

		// 25 deals; 25 / 0.8 = 31.25 in the middle; 31.25 / 0.25 = 125 first
		assertThat(shown(perYear)).containsExactly("125", "31.25", "25");
	}

	@Test
	void fractionsAreRoundedOnlyWhenShownToTwoDecimals() {
		List<BigDecimal> rates = List.of(new BigDecimal("0.3"), new BigDecimal("0.3"), BigDecimal.ONE);

		List<BigDecimal> perYear = ActivityPlan.perYear(new BigDecimal("100"), new BigDecimal("3"), rates);

		// 33.333... deals; / 0.3 = 111.111...; / 0.3 = 370.370...: rounding each step
		// first would give 370.33
		assertThat(shown(perYear)).containsExactly("370.37", "111.11", "33.33");
		assertThat(ActivityPlan.shown(ActivityPlan.perWeek(perYear.get(0), 40)).toPlainString()).isEqualTo("9.26");
	}

	@Test
	void aSingleStageIsTheDealsThemselves() {
		assertThat(shown(ActivityPlan.perYear(TARGET, AVERAGE_DEAL, List.of(new BigDecimal("0.5")))))
			.containsExactly("20");
	}

	@Test
	void shownNumbersHaveNoExponentAndNoTrailingZeros() {
		assertThat(ActivityPlan.shown(new BigDecimal("640.000")).toPlainString()).isEqualTo("640");
		assertThat(ActivityPlan.shown(new BigDecimal("640.000")).toString()).isEqualTo("640");
		assertThat(ActivityPlan.shown(new BigDecimal("0.50")).toString()).isEqualTo("0.5");
		assertThat(ActivityPlan.shownRate(new BigDecimal("0.5000")).toString()).isEqualTo("0.5");
		assertThat(ActivityPlan.shownRate(new BigDecimal("1.0")).toString()).isEqualTo("1");
	}

	private static List<String> shown(List<BigDecimal> values) {
		return values.stream().map(ActivityPlan::shown).map(BigDecimal::toString).toList();
	}

}

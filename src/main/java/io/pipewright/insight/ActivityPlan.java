package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity plan's arithmetic, from the source documents: the yearly target divided by
 * the average deal gives the deals needed, which are the last stage's count; going
 * backwards through the stages, each earlier stage needs the next one's count divided by
 * its own hit rate. Per month is per year / 12, per week per year / the working weeks.
 */
final class ActivityPlan {

	/** Enough digits that rounding to {@link #SCALE} decimals at the end is exact. */
	private static final MathContext PRECISION = MathContext.DECIMAL64;

	/** Figures are shown with at most two decimals, as a person would write them. */
	static final int SCALE = 2;

	static final BigDecimal MONTHS = BigDecimal.valueOf(12);

	private ActivityPlan() {
	}

	/**
	 * @param hitRates one per stage in model order, each in (0, 1]; the last stage's is
	 * not used, as its count is the deals themselves
	 * @return each stage's count per year, unrounded, in model order
	 */
	static List<BigDecimal> perYear(BigDecimal target, BigDecimal averageDeal, List<BigDecimal> hitRates) {
		if (hitRates.isEmpty()) {
			return List.of();
		}
		BigDecimal[] counts = new BigDecimal[hitRates.size()];
		int last = counts.length - 1;
		counts[last] = deals(target, averageDeal);
		for (int i = last - 1; i >= 0; i--) {
			counts[i] = counts[i + 1].divide(hitRates.get(i), PRECISION);
		}
		return new ArrayList<>(List.of(counts));
	}

	static BigDecimal deals(BigDecimal target, BigDecimal averageDeal) {
		return target.divide(averageDeal, PRECISION);
	}

	static BigDecimal perMonth(BigDecimal perYear) {
		return perYear.divide(MONTHS, PRECISION);
	}

	static BigDecimal perWeek(BigDecimal perYear, int weeks) {
		return perYear.divide(BigDecimal.valueOf(weeks), PRECISION);
	}

	/** A rate as given or measured, without trailing zeros: 0.5, not 0.5000. */
	static BigDecimal shownRate(BigDecimal rate) {
		BigDecimal stripped = rate.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

	/**
	 * Two decimals at most, and no trailing zeros: 0.5, 16, 53.33 (never 1.6E+1, which is
	 * the same number but not what a manager reads).
	 */
	static BigDecimal shown(BigDecimal value) {
		BigDecimal rounded = value.setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
		return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
	}

}

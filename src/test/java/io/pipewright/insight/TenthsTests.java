package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TenthsTests {

	@Test
	void percentilesOfWholeDaysAreThoseOfTheTimesThemselves() {
		Tenths tenths = new Tenths();
		tenths.add(new BigDecimal("10.0"), 2, new BigDecimal("20"));
		tenths.add(new BigDecimal("4.0"), 1, new BigDecimal("4"));
		tenths.add(new BigDecimal("30.0"), 1, new BigDecimal("30"));

		assertThat(tenths.spread()).isEqualTo(new OutcomesView.Spread(4, new BigDecimal("10.0"), new BigDecimal("8.5"),
				new BigDecimal("15.0"), new BigDecimal("13.5")));
	}

	@Test
	void percentilesMatchPercentileContOverTheTimesRoundedToTheTenth() {
		Random random = new Random(20261125);
		for (int round = 0; round < 200; round++) {
			int n = 1 + random.nextInt(300);
			double[] times = new double[n];
			Tenths tenths = new Tenths();
			for (int i = 0; i < n; i++) {
				times[i] = BigDecimal.valueOf(random.nextDouble() * 40).setScale(1, RoundingMode.HALF_UP).doubleValue();
				tenths.add(BigDecimal.valueOf(times[i]), 1, BigDecimal.valueOf(times[i]));
			}
			Arrays.sort(times);
			OutcomesView.Spread spread = tenths.spread();
			assertThat(spread.leads()).isEqualTo(n);
			assertThat(spread.median()).isEqualTo(percentileCont(times, 0.5));
			assertThat(spread.p25()).isEqualTo(percentileCont(times, 0.25));
			assertThat(spread.p75()).isEqualTo(percentileCont(times, 0.75));
		}
	}

	/** As SQL defines it, written out plainly over the sorted times. */
	private static BigDecimal percentileCont(double[] sorted, double p) {
		double position = p * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = (int) Math.ceil(position);
		double value = sorted[below] + (sorted[above] - sorted[below]) * (position - below);
		return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
	}

}

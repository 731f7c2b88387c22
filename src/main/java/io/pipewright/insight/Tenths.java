package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times counted per tenth of a day, and their spread: the percentiles as SQL's
 * {@code percentile_cont} gives them over the times rounded to the tenth.
 */
final class Tenths {

	private final TreeMap<BigDecimal, Long> counts = new TreeMap<>();

	private long measured;

	private BigDecimal total = BigDecimal.ZERO;

	void add(BigDecimal tenth, long count, BigDecimal sum) {
		counts.merge(tenth.setScale(1, RoundingMode.HALF_UP), count, Long::sum);
		measured += count;
		total = total.add(sum);
	}

	OutcomesView.Spread spread() {
		return new OutcomesView.Spread(measured, percentile(0.5), percentile(0.25), percentile(0.75),
				total.divide(BigDecimal.valueOf(measured), MathContext.DECIMAL64).setScale(1, RoundingMode.HALF_UP));
	}

	/**
	 * The continuous percentile: between the two times around position p × (n − 1) of the
	 * sorted times, in proportion.
	 */
	private BigDecimal percentile(double p) {
		double position = p * (measured - 1);
		long below = (long) Math.floor(position);
		double lower = at(below);
		double upper = at(Math.min(below + 1, measured - 1));
		return BigDecimal.valueOf(lower + (upper - lower) * (position - below)).setScale(1, RoundingMode.HALF_UP);
	}

	/** The index-th smallest time, counting from 0. */
	private double at(long index) {
		long seen = 0;
		for (Map.Entry<BigDecimal, Long> count : counts.entrySet()) {
			seen += count.getValue();
			if (index < seen) {
				return count.getKey().doubleValue();
			}
		}
		throw new IllegalStateException("No time at " + index + " of " + measured);
	}

}

package io.pipewright.pipeline;

import java.time.Duration;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A relative due date: an ISO-8601 duration such as {@code P2D}, {@code PT4H},
 * {@code P1W} or {@code P1DT12H}. Calendar parts (years, months, weeks, days) are added
 * in calendar terms, so {@code P1D} across a daylight saving change is still "same time
 * tomorrow".
 */
public record DueIn(Period period, Duration time) {

	public static DueIn parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("a duration is required");
		}
		String iso = text.trim().toUpperCase(Locale.ROOT);
		if (!iso.startsWith("P") || iso.length() < 3 || iso.endsWith("T")) {
			throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P2D or PT4H");
		}
		int t = iso.indexOf('T');
		try {
			Period period = t == 1 ? Period.ZERO : Period.parse(t < 0 ? iso : iso.substring(0, t));
			Duration time = t < 0 ? Duration.ZERO : Duration.parse("PT" + iso.substring(t + 1));
			if (period.isNegative() || time.isNegative()) {
				throw new IllegalArgumentException("'" + text + "' is negative");
			}
			return new DueIn(period, time);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P2D or PT4H");
		}
	}

	public ZonedDateTime from(ZonedDateTime start) {
		return start.plus(period).plus(time);
	}

}

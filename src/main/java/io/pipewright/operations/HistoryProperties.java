package io.pipewright.operations;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long the engine keeps finished leads' history, and when it removes what has
 * expired.
 *
 * @param timeToLive kept for every definition that sets no {@code historyTimeToLive} of
 * its own (a pipeline deployed from the Modeler without one), and for batch operations;
 * whole days, such as {@code P180D}
 * @param cleanupWindowStart when the engine's daily history cleanup starts, {@code HH:mm}
 * in the server's time zone; empty, with the end, turns automatic cleanup off
 * @param cleanupWindowEnd when it stops for the day, {@code HH:mm}
 */
@ConfigurationProperties("pipewright.history")
@Validated
record HistoryProperties(@NotNull @DurationMin(days = 1) Duration timeToLive,
		@Pattern(regexp = TIME, message = "must be a time of day such as 01:00") String cleanupWindowStart,
		@Pattern(regexp = TIME, message = "must be a time of day such as 05:00") String cleanupWindowEnd) {

	static final String TIME = "|([01][0-9]|2[0-3]):[0-5][0-9]";

	HistoryProperties {
		if (timeToLive == null) {
			timeToLive = Duration.ofDays(180);
		}
		if (!timeToLive.equals(Duration.ofDays(timeToLive.toDays()))) {
			throw new IllegalArgumentException(
					"pipewright.history.time-to-live must be whole days, such as P180D, not " + timeToLive);
		}
		cleanupWindowStart = cleanupWindowStart == null ? "" : cleanupWindowStart.strip();
		cleanupWindowEnd = cleanupWindowEnd == null ? "" : cleanupWindowEnd.strip();
		if (cleanupWindowStart.isEmpty() != cleanupWindowEnd.isEmpty()) {
			throw new IllegalArgumentException("pipewright.history.cleanup-window-start and cleanup-window-end "
					+ "must both be set (such as 01:00 and 05:00), or both be empty to turn automatic cleanup off");
		}
	}

	boolean cleansUp() {
		return !cleanupWindowStart.isEmpty();
	}

	/** As Camunda writes a time to live: {@code P180D}. */
	String days() {
		return "P" + timeToLive.toDays() + "D";
	}

}

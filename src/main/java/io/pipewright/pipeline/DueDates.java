package io.pipewright.pipeline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a stage task's {@code dueIn} becomes a due date.
 *
 * @param skipWeekends a due date that falls on a Saturday or Sunday moves to Monday at
 * the same time of day, so no rep finds a task due on their day off
 * @param zone the team's time zone, in which days and weekends are counted (default: the
 * server's)
 */
@ConfigurationProperties("pipewright.due-dates")
public record DueDates(boolean skipWeekends, ZoneId zone) {

	public DueDates {
		if (zone == null) {
			zone = ZoneId.systemDefault();
		}
	}

	/** Calendar time in the server's zone: the contract's plain meaning. */
	public static DueDates calendarTime() {
		return new DueDates(false, null);
	}

	public Instant due(DueIn dueIn, Instant from) {
		ZonedDateTime due = dueIn.from(from.atZone(zone));
		if (skipWeekends) {
			while (due.getDayOfWeek() == DayOfWeek.SATURDAY || due.getDayOfWeek() == DayOfWeek.SUNDAY) {
				due = due.plusDays(1);
			}
		}
		return due.toInstant();
	}

}

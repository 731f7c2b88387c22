package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DueDatesTests {

	static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

	@ParameterizedTest
	@CsvSource({ "2026-03-06T15:00+01:00[Europe/Oslo], P1D, 2026-03-09T15:00+01:00[Europe/Oslo]",
			"2026-03-06T15:00+01:00[Europe/Oslo], P2D, 2026-03-09T15:00+01:00[Europe/Oslo]",
			"2026-03-05T15:00+01:00[Europe/Oslo], P2D, 2026-03-09T15:00+01:00[Europe/Oslo]",
			"2026-03-04T15:00+01:00[Europe/Oslo], P2D, 2026-03-06T15:00+01:00[Europe/Oslo]",
			"2026-03-06T15:00+01:00[Europe/Oslo], PT4H, 2026-03-06T19:00+01:00[Europe/Oslo]",
			"2026-03-06T22:00+01:00[Europe/Oslo], PT4H, 2026-03-09T02:00+01:00[Europe/Oslo]",
			"2026-03-06T15:00+01:00[Europe/Oslo], P1W, 2026-03-13T15:00+01:00[Europe/Oslo]" })
	void aDueDateOnAWeekendMovesToMondayAtTheSameTime(String created, String dueIn, String due) {
		DueDates workingWeek = new DueDates(true, OSLO);

		assertThat(workingWeek.due(DueIn.parse(dueIn), ZonedDateTime.parse(created).toInstant()))
			.isEqualTo(ZonedDateTime.parse(due).toInstant());
	}

	@ParameterizedTest
	@CsvSource({ "2026-03-06T15:00:00Z, P1D, 2026-03-07T15:00:00Z", "2026-03-06T15:00:00Z, P2D, 2026-03-08T15:00:00Z" })
	void byDefaultDueInIsPlainCalendarTime(String created, String dueIn, String due) {
		DueDates calendar = new DueDates(false, ZoneId.of("UTC"));

		assertThat(calendar.due(DueIn.parse(dueIn), Instant.parse(created))).isEqualTo(Instant.parse(due));
	}

}

package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.ZonedDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DueInTests {

	static final ZonedDateTime START = ZonedDateTime.parse("2026-03-28T10:00:00+01:00[Europe/Oslo]");

	@ParameterizedTest
	@CsvSource({ "P2D, 2026-03-30T10:00+02:00[Europe/Oslo]", "PT4H, 2026-03-28T14:00+01:00[Europe/Oslo]",
			"P1W, 2026-04-04T10:00+02:00[Europe/Oslo]", "P1DT12H, 2026-03-29T22:00+02:00[Europe/Oslo]",
			"p1m, 2026-04-28T10:00+02:00[Europe/Oslo]" })
	void calendarPartsKeepTheTimeOfDayAcrossDaylightSaving(String text, String due) {
		assertThat(DueIn.parse(text).from(START)).isEqualTo(ZonedDateTime.parse(due));
	}

	@ParameterizedTest
	@ValueSource(strings = { "tomorrow", "2D", "P", "PT", "P-1D", "-P1D", "P1DT", " " })
	void anythingElseIsRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> DueIn.parse(text));
	}

}

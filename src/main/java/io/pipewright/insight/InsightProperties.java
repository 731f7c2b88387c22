package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.ZoneId;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param zone the team's time zone: where a week starts (Monday 00:00) and a day of a
 * period begins and ends
 * @param minMeasured how many leads must have left a stage (moved on or lost) before its
 * measured hit rate is used; below that the activity plan takes {@code defaultHitRate}
 * @param defaultHitRate the hit rate of a stage with too little history, in (0, 1]; the
 * source documents' own rule of thumb is 0.5
 */
@ConfigurationProperties("pipewright.insight")
@Validated
record InsightProperties(@NotNull ZoneId zone, @NotNull @Min(1) @Max(1_000_000) Integer minMeasured,
		@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") BigDecimal defaultHitRate) {

	InsightProperties {
		if (zone == null) {
			zone = ZoneId.of("Europe/Oslo");
		}
		if (minMeasured == null) {
			minMeasured = 10;
		}
		if (defaultHitRate == null) {
			defaultHitRate = new BigDecimal("0.5");
		}
	}

}

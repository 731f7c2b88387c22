package io.pipewright.insight;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param priorStrength how many closed leads' worth of weight the broader comparison gets
 * when a narrower one is measured: 5 shrinks a rate measured on 5 leads halfway toward it
 * @param minLeads a comparison (same path, same milestones, same stage) needs this many
 * closed leads, or the next broader one is used
 * @param holdOut the share of closed leads, the most recently closed, that calibration
 * holds out to score the model on
 * @param recheck how often, at least, a node counts a pipeline's closed leads to learn
 * those other nodes or an import closed (its own it learns as they close)
 */
@ConfigurationProperties("pipewright.insight.probability")
@Validated
record ProbabilityProperties(@NotNull @DecimalMin("0") @DecimalMax("1000") Double priorStrength,
		@NotNull @Min(1) @Max(1_000_000) Integer minLeads,
		@NotNull @DecimalMin("0.05") @DecimalMax("0.5") Double holdOut,
		@NotNull @DurationMin(millis = 10) @DurationMax(hours = 24) Duration recheck) {

	ProbabilityProperties {
		if (priorStrength == null) {
			priorStrength = 5.0;
		}
		if (minLeads == null) {
			minLeads = 10;
		}
		if (holdOut == null) {
			holdOut = 0.2;
		}
		if (recheck == null) {
			recheck = Duration.ofSeconds(30);
		}
	}

}

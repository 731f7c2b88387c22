package io.pipewright.cues;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox worker sends deliveries (mail, webhooks).
 *
 * @param pollInterval how often the worker looks for due deliveries when nothing woke it
 * @param claimTtl how long a node holds a delivery it sends; after that another node may
 * take it over, so it must outlast the slowest send
 * @param backoffBase the first retry waits up to this long; each further one up to twice
 * as long as the one before
 * @param backoffMax no retry waits longer than this (unless the receiver asks for longer)
 * @param maxAttempts attempts before a delivery is marked failed
 * @param concurrency deliveries in flight at once from one node
 */
@ConfigurationProperties("pipewright.cues")
@Validated
record CuesProperties(Duration pollInterval, Duration claimTtl, Duration backoffBase, Duration backoffMax,
		@Min(1) @Max(1000) Integer maxAttempts, @Min(1) @Max(64) Integer concurrency) {

	CuesProperties {
		pollInterval = positive(pollInterval, Duration.ofSeconds(5), "poll-interval");
		claimTtl = positive(claimTtl, Duration.ofMinutes(2), "claim-ttl");
		backoffBase = positive(backoffBase, Duration.ofSeconds(5), "backoff-base");
		backoffMax = positive(backoffMax, Duration.ofHours(1), "backoff-max");
		maxAttempts = maxAttempts == null ? 10 : maxAttempts;
		concurrency = concurrency == null ? 4 : concurrency;
		if (backoffMax.compareTo(backoffBase) < 0) {
			throw new IllegalArgumentException("pipewright.cues.backoff-max (" + backoffMax
					+ ") must not be shorter than pipewright.cues.backoff-base (" + backoffBase + ")");
		}
	}

	private static Duration positive(Duration value, Duration otherwise, String name) {
		if (value == null) {
			return otherwise;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("pipewright.cues." + name + " must be positive, not " + value);
		}
		return value;
	}

}

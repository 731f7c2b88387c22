package io.pipewright.cues;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing webhooks.
 *
 * @param allowLoopback whether a webhook may point at a loopback address (localhost): for
 * tests and a receiver on the same machine; the server's own port stays refused
 * @param connectTimeout how long a receiver has to accept the connection
 * @param readTimeout how long a receiver has to answer
 * @param overdueScan how often overdue stage tasks are looked for, for
 * {@code task.overdue}
 */
@ConfigurationProperties("pipewright.webhooks")
@Validated
record WebhooksProperties(boolean allowLoopback, Duration connectTimeout, Duration readTimeout, Duration overdueScan) {

	WebhooksProperties {
		connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
		readTimeout = positive(readTimeout, Duration.ofSeconds(10), "read-timeout");
		overdueScan = positive(overdueScan, Duration.ofMinutes(1), "overdue-scan");
	}

	private static Duration positive(Duration value, Duration otherwise, String name) {
		if (value == null) {
			return otherwise;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("pipewright.webhooks." + name + " must be positive, not " + value);
		}
		return value;
	}

}

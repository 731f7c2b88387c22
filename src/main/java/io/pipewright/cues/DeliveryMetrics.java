package io.pipewright.cues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Actuator's view of the outbox: {@code pipewright.deliveries.pending} (a gauge, counted
 * at most every few seconds however often it is scraped) and
 * {@code pipewright.deliveries.sent} / {@code .failed} (counters by {@code channel}, on
 * this node).
 */
@Component
class DeliveryMetrics {

	static final String PENDING = "pipewright.deliveries.pending";

	static final String SENT = "pipewright.deliveries.sent";

	static final String FAILED = "pipewright.deliveries.failed";

	private static final Duration FRESH_FOR = Duration.ofSeconds(5);

	private final Deliveries deliveries;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	private long pending;

	private Instant countedAt = Instant.MIN;

	DeliveryMetrics(Deliveries deliveries, MeterRegistry meters) {
		this.deliveries = deliveries;
		this.meters = meters;
		Gauge.builder(PENDING, this, DeliveryMetrics::pending)
			.description("Deliveries (mail, webhooks) waiting to be sent")
			.register(meters);
	}

	void sent(String channel) {
		Counter.builder(SENT)
			.description("Deliveries their receiver took")
			.tag("channel", channel)
			.register(meters)
			.increment();
	}

	void failed(String channel) {
		Counter.builder(FAILED)
			.description("Deliveries refused, or out of attempts")
			.tag("channel", channel)
			.register(meters)
			.increment();
	}

	synchronized double pending() {
		Instant now = clock.instant();
		if (countedAt.plus(FRESH_FOR).isBefore(now)) {
			pending = deliveries.pendingCount();
			countedAt = now;
		}
		return pending;
	}

}

package io.pipewright.cues;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The {@link Outbox}: a row in the caller's transaction, and a wake for the worker once
 * it commits (or at once, outside a transaction).
 */
@Component
class DeliveryOutbox implements Outbox {

	/** A delivery was recorded; published in the recording transaction. */
	record DeliveryRecorded(long id, String channel) {
	}

	private final Deliveries deliveries;

	private final ApplicationEventPublisher events;

	DeliveryOutbox(Deliveries deliveries, ApplicationEventPublisher events) {
		this.deliveries = deliveries;
		this.events = events;
	}

	@Override
	public boolean enqueue(String channel, String kind, String target, String payload, String leadId, String dedupKey) {
		long id = record(channel, kind, target, payload, leadId, dedupKey);
		return id >= 0;
	}

	/** As {@link #enqueue}; the new delivery's id, or -1 if its dedup key was taken. */
	long record(String channel, String kind, String target, String payload, String leadId, String dedupKey) {
		if (channel == null || channel.isBlank() || kind == null || kind.isBlank()) {
			throw new IllegalArgumentException("A delivery needs a channel and a kind");
		}
		long id = deliveries.enqueue(channel, kind, target, payload, leadId, dedupKey, ClockUtil.now().toInstant());
		if (id >= 0) {
			events.publishEvent(new DeliveryRecorded(id, channel));
		}
		return id;
	}

}

package io.pipewright.cues;

import io.pipewright.lead.PersonalDataErased;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a lead's person is erased, its deliveries lose payload and target (a name, an
 * email address); those still pending are dropped, failed with "lead erased". A plain
 * listener: it runs in the erasing transaction, so the erasure commits whole or not at
 * all.
 */
@Component
class DeliveryErasure {

	static final String ERASED = "lead erased";

	private final Deliveries deliveries;

	DeliveryErasure(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	@EventListener
	void on(PersonalDataErased event) {
		deliveries.wipe(event.leadId(), event.personalData()::scrub, ERASED);
	}

}

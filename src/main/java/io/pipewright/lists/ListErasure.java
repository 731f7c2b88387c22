package io.pipewright.lists;

import io.pipewright.lead.PersonalDataErased;
import io.pipewright.lists.mailchimp.MailChimp;

import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a lead's person is erased: its list changes lose what they quoted of the person,
 * and each audience the lead was ever on gets an erasure, which the sync worker sends as
 * MailChimp's permanent delete. A plain listener: it runs in the erasing transaction, so
 * the erasures are recorded (and then retried until MailChimp takes them) or the whole
 * erasure is not.
 */
@Component
class ListErasure {

	private final ListMemberships memberships;

	ListErasure(ListMemberships memberships) {
		this.memberships = memberships;
	}

	@EventListener
	void on(PersonalDataErased event) {
		memberships.scrubTexts(event.leadId(), event.personalData()::scrub);
		// MailChimp holds a person by email: a lead that never had one was never there
		List<String> hashes = event.personalData().emails().stream().map(MailChimp::subscriberHash).sorted().toList();
		if (hashes.isEmpty()) {
			return;
		}
		for (String listId : memberships.listsOf(event.leadId())) {
			memberships.wantErased(event.leadId(), listId, hashes);
		}
	}

}

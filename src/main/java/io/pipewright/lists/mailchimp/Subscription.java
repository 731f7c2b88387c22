package io.pipewright.lists.mailchimp;

import java.util.List;

/**
 * What MailChimp should hold for one person on one audience.
 *
 * @param name the lead's whole name: split at the first space into first and last name
 * @param subscribed {@code subscribed}, or else {@code unsubscribed}
 * @param tags tags to add; a batch subscribe sends them with the member, while after an
 * {@link MailChimp#addOrUpdate add-or-update} they need {@link MailChimp#tag}
 */
public record Subscription(String email, String name, String company, boolean subscribed, List<String> tags) {

	public Subscription {
		tags = tags == null ? List.of() : List.copyOf(tags);
	}

	public Subscription(String email, String name, String company, boolean subscribed) {
		this(email, name, company, subscribed, List.of());
	}

}

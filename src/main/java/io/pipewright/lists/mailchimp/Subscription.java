package io.pipewright.lists.mailchimp;

/**
 * What MailChimp should hold for one person on one audience.
 *
 * @param name the lead's whole name: split at the first space into first and last name
 * @param subscribed {@code subscribed}, or else {@code unsubscribed}
 */
public record Subscription(String email, String name, String company, boolean subscribed) {

}

package io.pipewright.lead;

/**
 * How to reach a lead: what other features (MailChimp lists) need of it, without its
 * history or process state.
 *
 * @param email may be {@code null}: a lead can be created without one
 */
public record LeadContact(String id, String name, String company, String email) {

}

package io.pipewright.lead;

/**
 * A lead was won or lost, through the API or by its pipeline reaching an end event with
 * an outcome; published inside the closing transaction.
 */
public record LeadClosed(String leadId, LeadStatus status, String reason, String by) {
}

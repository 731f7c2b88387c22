package io.pipewright.lead;

/**
 * A lead was created and its pipeline started; published by {@link LeadService} inside
 * its transaction.
 */
public record LeadCreated(String leadId, String pipelineKey, String owner, String routingReason) {
}

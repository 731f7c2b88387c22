package io.pipewright.lead;

import java.util.Map;

/**
 * Facts were reported for a lead; published by {@link LeadService} inside its
 * transaction.
 */
public record FactsReported(String leadId, Map<String, Object> facts, String by) {
}

package io.pipewright.lead;

import java.time.Instant;
import java.util.Map;

/**
 * Facts were reported for a lead: through the API (or the lead page, or an import), or
 * straight to its process (a Tasklist form, engine-rest). Published once a report, in its
 * transaction.
 *
 * @param by who reported them; {@code null} for the engine's own work
 */
public record FactsReported(String leadId, Map<String, Object> facts, String by, Instant at) {
}

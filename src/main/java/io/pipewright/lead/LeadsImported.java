package io.pipewright.lead;

import java.util.Set;

/**
 * Closed leads were imported into these pipelines as history: whatever was learned from
 * their closed leads is out of date.
 */
public record LeadsImported(Set<String> pipelineKeys) {
}

package io.pipewright.routing;

import java.math.BigDecimal;

/**
 * What routing knows of a lead about to be created. {@code pipeline} and {@code owner}
 * may be given.
 */
public record LeadDraft(String pipeline, String owner, String source, String productLine, String territory,
		BigDecimal value) {
}

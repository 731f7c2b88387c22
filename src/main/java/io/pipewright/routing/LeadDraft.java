package io.pipewright.routing;

import java.math.BigDecimal;

/**
 * What routing knows of a lead: its fields as the decisions read them. {@code pipeline}
 * and {@code owner} are the lead's own choice on creation, its current ones on
 * reassignment.
 */
public record LeadDraft(String pipeline, String owner, String source, String productLine, String territory,
		BigDecimal value, String currency) {
}

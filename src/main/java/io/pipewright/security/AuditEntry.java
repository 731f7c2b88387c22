package io.pipewright.security;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change: when, who ({@code actor}: a user id, {@code token:<name>}, or
 * {@code system}), what ({@code action}, e.g. {@code lead.owner-changed},
 * {@code token.created}, {@code deployment.created}), to what ({@code subject}: a lead,
 * token or deployment id, or a pipeline key) and the details.
 */
record AuditEntry(String id, Instant at, String actor, String action, String subject, JsonNode detail) {
}

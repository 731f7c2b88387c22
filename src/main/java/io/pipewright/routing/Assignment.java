package io.pipewright.routing;

/**
 * Where a new lead goes, and why. {@code owner} may be null: its tasks then wait
 * unassigned.
 */
public record Assignment(String pipelineKey, String owner, String reason) {
}

package io.pipewright.routing;

import java.util.List;

/**
 * Where a lead goes and why. {@code owner} may be null: its tasks then wait unassigned.
 * {@code fallback} says a routing table could not be followed and the configured fallback
 * was used; {@code reason} then says what was wrong. {@code candidates} are the team
 * members weighed when the decision named a team, best first.
 */
public record Assignment(String pipelineKey, String owner, String team, String valueTier, String reason,
		boolean fallback, List<Candidate> candidates) {

	public Assignment {
		candidates = candidates == null ? List.of() : List.copyOf(candidates);
	}

}

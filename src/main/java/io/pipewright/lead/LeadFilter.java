package io.pipewright.lead;

import java.util.Set;

/**
 * Which leads a list shows; a null field does not filter.
 *
 * @param owners the only owners whose leads may show (what the caller may see), or null
 * for every owner
 */
public record LeadFilter(LeadStatus status, String owner, String pipeline, String stage, Set<String> owners) {

	public LeadFilter(LeadStatus status, String owner, String pipeline, String stage) {
		this(status, owner, pipeline, stage, null);
	}

	public LeadFilter {
		owners = owners == null ? null : Set.copyOf(owners);
	}

}

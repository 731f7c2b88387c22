package io.pipewright.insight;

import java.util.Set;

/**
 * Which leads count: only those with these fields; null counts every lead.
 *
 * @param owners the only owners whose leads count (a manager's teams), or null for all
 */
record FunnelFilter(String owner, String territory, String productLine, String source, Set<String> owners) {

	FunnelFilter {
		owners = owners == null ? null : Set.copyOf(owners);
	}

	static FunnelFilter none() {
		return new FunnelFilter(null, null, null, null, null);
	}

}

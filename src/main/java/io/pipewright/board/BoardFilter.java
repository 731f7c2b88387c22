package io.pipewright.board;

import java.util.Set;

/**
 * Which open leads the board shows; a null field does not filter.
 *
 * @param owners the only owners whose leads may show (what the viewer may see, narrowed
 * by a chosen team), or null for every owner
 */
record BoardFilter(String owner, String territory, String productLine, String source, String search,
		Set<String> owners) {

	BoardFilter {
		owners = owners == null ? null : Set.copyOf(owners);
	}

}

package io.pipewright.lists;

import java.time.Instant;
import java.util.List;

/**
 * A pending change as the sync worker sends it.
 *
 * @param attempts the attempts made before this one
 * @param requestedAt when the pipeline asked for it: the sync latency counts from here
 */
record ListChange(long id, String leadId, String listId, boolean subscribed, List<String> tags, int attempts,
		Instant requestedAt) {

	/** A lead on one list: its changes are sent one at a time, newest only. */
	record Pair(String leadId, String listId) {

	}

}

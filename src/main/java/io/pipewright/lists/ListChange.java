package io.pipewright.lists;

import java.time.Instant;
import java.util.List;

/**
 * A pending change as the sync worker sends it.
 *
 * @param attempts the attempts made before this one
 * @param requestedAt when the pipeline asked for it: the sync latency counts from here
 * @param erase the person's data was erased: delete them from the audience for good,
 * under each of the {@code subscriberHashes} (empty for any other change)
 */
record ListChange(long id, String leadId, String listId, boolean subscribed, List<String> tags, int attempts,
		Instant requestedAt, boolean erase, List<String> subscriberHashes) {

	/** A lead on one list: its changes are sent one at a time, newest only. */
	record Pair(String leadId, String listId) {

	}

}

package io.pipewright.lists;

import java.util.List;

/**
 * A pending change as the sync worker sends it.
 *
 * @param attempts the attempts made before this one
 */
record ListChange(long id, String leadId, String listId, boolean subscribed, List<String> tags, int attempts) {

	/** A lead on one list: its changes are sent one at a time, newest only. */
	record Pair(String leadId, String listId) {

	}

}

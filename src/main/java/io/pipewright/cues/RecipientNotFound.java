package io.pipewright.cues;

/**
 * A notification names a user or group that does not exist: an incident to fix, not a cue
 * that silently reaches nobody.
 */
public class RecipientNotFound extends RuntimeException {

	RecipientNotFound(String kind, String id) {
		super("Notification recipient " + kind + ":" + id + " does not exist");
	}

}

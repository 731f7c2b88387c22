package io.pipewright.security;

import java.time.Instant;
import java.util.List;

/**
 * An integration's API token as admins see it: never the token itself, which is shown
 * only once, when it is created.
 */
record ApiToken(String id, String name, List<String> scopes, Instant createdAt, String createdBy, Instant lastUsedAt,
		Instant revokedAt, String revokedBy) {

	boolean revoked() {
		return revokedAt != null;
	}

	/** The user id the token acts as, in the audit, a lead's timeline and the engine. */
	String actor() {
		return actor(name);
	}

	static String actor(String name) {
		return "token:" + name;
	}

}

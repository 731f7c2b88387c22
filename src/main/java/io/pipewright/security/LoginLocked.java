package io.pipewright.security;

import java.time.Duration;

import org.springframework.security.authentication.LockedException;

/** Too many wrong passwords: the engine refuses this user's logins for a while. */
class LoginLocked extends LockedException {

	private final Duration retryAfter;

	LoginLocked(Duration retryAfter) {
		super("Too many failed logins");
		this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}

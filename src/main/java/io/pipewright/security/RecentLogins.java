package io.pipewright.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who logged in with which password a moment ago, and their groups, so an API client
 * calling many times a second is checked against the engine (three commands, each a
 * transaction) once every {@link #TTL} rather than on every call.
 * <p>
 * Kept by a keyed hash of user and password (the key is random and never leaves this
 * JVM), so only the same password finds an entry. Any change to users, groups, tenants or
 * memberships made through the engine on this node, and any wrong password (which may
 * lock the user), forgets them all at once ({@link IdentityChanges}); a change made on
 * another node (or in an external user directory) is seen here within {@link #TTL}.
 */
@Component
class RecentLogins {

	/** How long another node's change (a new password, a removed group) may go unseen. */
	static final Duration TTL = Duration.ofSeconds(5);

	/** More logins than this at once: forgotten together, and read again. */
	private static final int MAX = 10_000;

	private record Login(byte[] hash, List<GrantedAuthority> authorities, long expiresAt, long generation) {
	}

	/** By user: the last password the engine accepted for them. */
	private final Map<String, Login> logins = new ConcurrentHashMap<>();

	/** Moves on with every identity change: logins of an older one are not trusted. */
	private final AtomicLong generation = new AtomicLong();

	private final SecretKeySpec key;

	RecentLogins() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		this.key = new SecretKeySpec(random, "HmacSHA256");
	}

	/**
	 * The current generation: take it before asking the engine, give it to {@link #put}.
	 */
	long generation() {
		return generation.get();
	}

	/**
	 * The groups of a user who logged in with this password a moment ago; null if none.
	 */
	List<GrantedAuthority> get(String user, String password) {
		Login login = logins.get(user);
		if (login == null) {
			return null;
		}
		if (login.generation != generation.get() || System.nanoTime() - login.expiresAt > 0) {
			logins.remove(user, login);
			return null;
		}
		return MessageDigest.isEqual(login.hash, hash(user, password)) ? login.authorities : null;
	}

	/**
	 * Remembers a login the engine accepted, unless users or groups changed since
	 * {@code generation} was taken (what the engine answered may be out of date).
	 */
	void put(String user, String password, List<GrantedAuthority> authorities, long generation) {
		if (logins.size() >= MAX) {
			logins.clear();
		}
		Login login = new Login(hash(user, password), List.copyOf(authorities), System.nanoTime() + TTL.toNanos(),
				generation);
		logins.put(user, login);
		if (generation != this.generation.get()) {
			logins.remove(user, login);
		}
	}

	/** Users, groups or memberships changed: every login is checked again. */
	void changed() {
		generation.incrementAndGet();
		logins.clear();
	}

	private byte[] hash(String user, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			mac.update(user.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

}

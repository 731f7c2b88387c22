package io.pipewright.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An API token is {@code pw_<id>_<secret>}: the public id finds the token's row, and the
 * secret (32 random bytes, base64url) is checked against the HMAC-SHA256 kept there,
 * keyed with {@code pipewright.security.token-secret}. A database that leaks holds no
 * usable token, and without the server's key the hashes cannot be tested offline.
 */
final class ApiTokenFormat {

	private static final String HMAC = "HmacSHA256";

	private static final SecureRandom random = new SecureRandom();

	private static final Pattern TOKEN = Pattern.compile("pw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");

	private final byte[] key;

	ApiTokenFormat(String key) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
	}

	/** A token's parts: the id its row has, and the secret checked against the hash. */
	record Parts(String id, String secret) {

		String token() {
			return "pw_" + id + "_" + secret;
		}

	}

	static Parts generate() {
		byte[] id = new byte[8];
		byte[] secret = new byte[32];
		random.nextBytes(id);
		random.nextBytes(secret);
		return new Parts(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
	}

	static Optional<Parts> parse(String token) {
		Matcher m = token == null ? null : TOKEN.matcher(token);
		return m != null && m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
	}

	/** The HMAC of the secret, as hex: what the database keeps. */
	String hash(String secret) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(key, HMAC));
			return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** In constant time, so the answer's timing tells nothing of how much was right. */
	boolean matches(String secret, String storedHash) {
		return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
				storedHash.getBytes(StandardCharsets.US_ASCII));
	}

}

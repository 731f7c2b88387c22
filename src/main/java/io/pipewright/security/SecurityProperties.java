package io.pipewright.security;

import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Server-side secrets of the security module.
 *
 * @param tokenSecret the HMAC key API tokens are hashed with
 * ({@code PIPEWRIGHT_TOKEN_SECRET}); changing it invalidates every token. While it is
 * empty, no token can be created or used
 */
@ConfigurationProperties("pipewright.security")
@Validated
record SecurityProperties(@Size(max = 1000) String tokenSecret) {

	boolean hasTokenSecret() {
		return tokenSecret != null && !tokenSecret.isBlank();
	}

}

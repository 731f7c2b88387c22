package io.pipewright.security;

/** Tokens cannot be created without the key their hashes are made with. */
class TokenSecretMissing extends RuntimeException {

	TokenSecretMissing() {
		super("API tokens are off: set pipewright.security.token-secret (PIPEWRIGHT_TOKEN_SECRET) and restart");
	}

}

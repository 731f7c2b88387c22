package io.pipewright.security;

/** No API token has this id. */
class UnknownToken extends RuntimeException {

	UnknownToken(String id) {
		super("No API token with id '" + id + "'; GET /api/tokens lists them");
	}

}

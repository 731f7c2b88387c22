package io.pipewright.api;

import java.io.IOException;

/**
 * A request body ran past {@code pipewright.api.max-request-size} while it was read (sent
 * in chunks, its size was not known up front). An {@link IOException}, so it ends the
 * reading wherever that happens; {@link ApiProblems} answers it with a 413 problem.
 */
class RequestTooLarge extends IOException {

	private final String limit;

	RequestTooLarge(String limit) {
		super("The request body is larger than the " + limit + " this API accepts");
		this.limit = limit;
	}

	String limit() {
		return limit;
	}

}

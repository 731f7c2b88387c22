package io.pipewright.api;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details the same way across features. */
public final class Problems {

	static final String BASE = "https://pipewright.io/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(BASE + type));
		problem.setTitle(title);
		return problem;
	}

	/** Text from a request, cut to a length worth showing back in a problem. */
	static String shorten(String text) {
		return text.length() <= 300 ? text : text.substring(0, 300) + "...";
	}

	public static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
		problem.setProperty("errors", errors);
		return problem;
	}

}

package io.pipewright.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring Boot's {@code /error}, which answers whatever failed outside a controller (no
 * endpoint for the path or method, a content type no endpoint reads, an exception out of
 * a filter): under {@code /api} as a problem, like everything else there. Other paths
 * keep Spring Boot's error page and JSON.
 */
@Controller
class ErrorProblems extends BasicErrorController {

	private final ErrorAttributes errors;

	ErrorProblems(ErrorAttributes errors, ServerProperties server, List<ErrorViewResolver> resolvers) {
		super(errors, server.getError(), resolvers);
		this.errors = errors;
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = uri == null ? "" : uri.toString().substring(request.getContextPath().length());
		HttpStatus status = getStatus(request);
		if (!(path.equals("/api") || path.startsWith("/api/")) || status == HttpStatus.NO_CONTENT) {
			return super.error(request);
		}
		ProblemDetail problem = problem(request, status);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	private ProblemDetail problem(HttpServletRequest request, HttpStatus status) {
		String slug = status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
		if (status.is5xxServerError()) {
			return Problems.of(status, slug, status.getReasonPhrase(),
					"The server failed to carry out the request; the error is in its log");
		}
		// Spring's own exceptions (no endpoint, a method or content type it does not
		// take) say what was wrong in their problem body
		Throwable error = errors.getError(new ServletWebRequest(request));
		if (error instanceof NoResourceFoundException missing) {
			return Problems.of(status, slug, status.getReasonPhrase(), "There is no " + missing.getHttpMethod() + " /"
					+ Problems.shorten(missing.getResourcePath()) + "; /v3/api-docs lists the API");
		}
		if (error instanceof ErrorResponse response && response.getBody().getDetail() != null) {
			return Problems.of(status, slug, status.getReasonPhrase(), response.getBody().getDetail());
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		String detail = message == null || message.toString().isBlank()
				? "The request was refused before it reached the API"
				: "The request was refused before it reached the API: " + Problems.shorten(message.toString());
		return Problems.of(status, slug, status.getReasonPhrase(), detail);
	}

}

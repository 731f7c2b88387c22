package io.pipewright.api;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns what is wrong with a request into a problem response that names the field, for
 * every endpoint under /api.
 */
// after the features' own advice: the first advice with any matching handler wins, and
// this one matches all
@Order(Ordered.LOWEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "io.pipewright")
class ApiProblems extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

	@ExceptionHandler
	ProblemDetail invalid(InvalidInput ex) {
		return Problems.invalid(ex.getMessage(), ex.errors());
	}

	@ExceptionHandler
	ProblemDetail invalid(ConstraintViolationException ex) {
		List<FieldProblem> errors = ex.getConstraintViolations()
			.stream()
			.map(v -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
			.toList();
		return Problems.invalid("The request has invalid values", errors);
	}

	@ExceptionHandler
	ProblemDetail concurrent(OptimisticLockingException ex) {
		return Problems.of(HttpStatus.CONFLICT, "concurrent-change", "Changed at the same time",
				"The lead was changed by someone else at the same moment; send the request again");
	}

	/**
	 * The pipeline itself failed (an expression or delegate in the model). The engine
	 * rolled back, so nothing changed; the message is for the admin who can fix the
	 * model.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> pipelineFailed(ProcessEngineException ex) {
		if (DatabaseOutage.causes(ex)) {
			return unavailable(ex);
		}
		log.warn("A pipeline failed while serving an API call; nothing was changed", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "pipeline-failed", "The pipeline failed",
					"The lead's pipeline could not carry this out, so nothing was changed: " + ex.getMessage()));
	}

	/**
	 * Whatever else: still a problem, never a bare error page; the writes of the request
	 * were rolled back.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseOutage.causes(ex)) {
			return unavailable(ex);
		}
		log.error("Unexpected failure serving an API call", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Server error",
					"The server failed to carry out the request and rolled it back; the error is in its log"));
	}

	/**
	 * The database is away: the transaction could not commit, so nothing was written, and
	 * the same request will succeed once it is back (the pool reconnects by itself).
	 */
	private static ResponseEntity<ProblemDetail> unavailable(Exception ex) {
		log.warn("The database is unavailable; answered 503: {}", ex.toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(DatabaseOutage.problem());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> new FieldProblem(e.getField(), e.getDefaultMessage()))
			.toList();
		String detail = errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
		return ResponseEntity.badRequest().body(Problems.invalid(detail, errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(r -> r.getResolvableErrors()
				.stream()
				.map(e -> new FieldProblem(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
			.toList();
		return ResponseEntity.badRequest().body(Problems.invalid("The request has invalid values", errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestTooLarge tooLarge = find(ex, RequestTooLarge.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestSizeLimit.problem(tooLarge.limit()));
		}
		FieldProblem problem = describe(ex);
		String detail = problem.field().isEmpty() ? problem.message() : problem.field() + ": " + problem.message();
		return ResponseEntity.badRequest()
			.body(Problems.invalid(detail, problem.field().isEmpty() ? List.of() : List.of(problem)));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: ex.getPropertyName();
		FieldProblem problem = new FieldProblem(field,
				"'" + ex.getValue() + "' is not " + article(typeName(ex.getRequiredType())));
		return ResponseEntity.badRequest()
			.body(Problems.invalid(problem.field() + ": " + problem.message(), List.of(problem)));
	}

	private static FieldProblem describe(HttpMessageNotReadableException ex) {
		StreamConstraintsException limit = find(ex, StreamConstraintsException.class);
		if (limit != null) {
			JsonMappingException mapping = find(ex, JsonMappingException.class);
			// Jackson names the setting it checked: the caller needs the numbers only
			String message = limit.getOriginalMessage().replaceAll(", from `[^`]*`", "");
			return new FieldProblem(mapping == null ? "" : path(mapping),
					"The body goes beyond what this API reads: " + message);
		}
		Throwable cause = ex.getCause();
		while (cause != null && !(cause instanceof JsonMappingException)
				&& !(cause instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
			cause = cause.getCause();
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new FieldProblem(path(unknown), "is not a known field");
		}
		// the whole body has the wrong shape: a number, a text or an array for an object
		if (cause instanceof MismatchedInputException whole && whole.getPath().isEmpty()
				&& !whole.getOriginalMessage().startsWith("Trailing token")) {
			return new FieldProblem("", "The body must be a JSON object");
		}
		if (cause instanceof InvalidFormatException format) {
			return new FieldProblem(path(format),
					"'" + format.getValue() + "' is not " + article(typeName(format.getTargetType())));
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return new FieldProblem(path(mismatch), "must be " + article(typeName(mismatch.getTargetType())));
		}
		if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			return new FieldProblem(path(mapping), mapping.getOriginalMessage());
		}
		if (cause instanceof MismatchedInputException trailing
				&& trailing.getOriginalMessage().startsWith("Trailing token")) {
			return new FieldProblem("", "The body goes on after its JSON value; send one JSON object");
		}
		if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
			return new FieldProblem("", "The body is not valid JSON: " + json.getOriginalMessage());
		}
		return new FieldProblem("", "The request body is missing or unreadable");
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	private static String path(JsonMappingException ex) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference ref : ex.getPath()) {
			if (ref.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String article(String typeName) {
		return typeName.startsWith("one of") ? typeName : "a " + typeName;
	}

	private static String typeName(Class<?> type) {
		if (type == null) {
			return "value";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return "number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		if (type == java.time.LocalDate.class) {
			return "date (yyyy-mm-dd)";
		}
		if (type.isEnum()) {
			return "one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(Object::toString)
				.collect(Collectors.joining(", "));
		}
		if (java.util.Map.class.isAssignableFrom(type)) {
			return "JSON object";
		}
		if (type == String.class) {
			return "string";
		}
		return type.getSimpleName();
	}

}

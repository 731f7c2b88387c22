package io.pipewright.lists;

import io.pipewright.api.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@Order(0)
@RestControllerAdvice(assignableTypes = ListController.class)
class ListProblems {

	@ExceptionHandler
	ProblemDetail unknown(UnknownList ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-list", "Unknown audience", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknown(UnknownChange ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-list-change", "Unknown list change", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFailed(ChangeNotFailed ex) {
		return Problems.of(HttpStatus.CONFLICT, "list-change-not-failed", "List change not failed", ex.getMessage());
	}

}

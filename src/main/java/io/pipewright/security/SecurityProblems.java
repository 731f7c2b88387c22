package io.pipewright.security;

import io.pipewright.api.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@Order(0)
@RestControllerAdvice
class SecurityProblems {

	@ExceptionHandler
	ProblemDetail unknown(UnknownToken ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-token", "Unknown token", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail secretMissing(TokenSecretMissing ex) {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "token-secret-missing", "API tokens are off",
				ex.getMessage());
	}

}

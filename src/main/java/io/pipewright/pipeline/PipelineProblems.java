package io.pipewright.pipeline;

import io.pipewright.api.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@Order(0)
@RestControllerAdvice
class PipelineProblems {

	@ExceptionHandler
	ProblemDetail unknown(UnknownPipeline ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-pipeline", "Unknown pipeline", ex.getMessage());
	}

}

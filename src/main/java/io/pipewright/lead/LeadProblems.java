package io.pipewright.lead;

import io.pipewright.api.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@Order(0)
@RestControllerAdvice
class LeadProblems {

	@ExceptionHandler
	ProblemDetail unknown(UnknownLead ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-lead", "Unknown lead", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail refused(LeadAccessRefused ex) {
		return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Not your lead", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail closed(LeadAlreadyClosed ex) {
		return Problems.of(HttpStatus.CONFLICT, "lead-closed", "Lead already closed", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail erased(LeadErased ex) {
		return Problems.of(HttpStatus.CONFLICT, "lead-erased", "Lead erased", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail ended(PipelineEnded ex) {
		return Problems.of(HttpStatus.CONFLICT, "pipeline-ended", "Pipeline ended", ex.getMessage());
	}

}

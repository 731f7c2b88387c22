package io.pipewright.cues;

import io.pipewright.api.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@Order(0)
@RestControllerAdvice(assignableTypes = { WebhookController.class, DeliveryController.class })
class CuesProblems {

	@ExceptionHandler
	ProblemDetail unknown(UnknownWebhook ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-webhook", "Unknown webhook", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unknown(UnknownDelivery ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-delivery", "Unknown delivery", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFailed(DeliveryNotFailed ex) {
		return Problems.of(HttpStatus.CONFLICT, "delivery-not-failed", "Delivery not failed", ex.getMessage());
	}

}

package io.pipewright.api;

import java.util.List;

/** A request that cannot be carried out as sent; nothing was changed. */
public class InvalidInput extends RuntimeException {

	private final List<FieldProblem> errors;

	public InvalidInput(List<FieldProblem> errors) {
		super(errors.stream()
			.map(e -> e.field() + ": " + e.message())
			.reduce((a, b) -> a + "; " + b)
			.orElse("invalid"));
		this.errors = List.copyOf(errors);
	}

	public InvalidInput(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	public List<FieldProblem> errors() {
		return errors;
	}

}

package io.pipewright.api;

/** One thing wrong with a request, named by the field that holds it. */
public record FieldProblem(String field, String message) {
}

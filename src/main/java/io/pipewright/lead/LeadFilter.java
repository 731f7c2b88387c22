package io.pipewright.lead;

/** Which leads a list shows; a null field does not filter. */
public record LeadFilter(LeadStatus status, String owner, String pipeline, String stage) {
}

package io.pipewright.lead;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing that happened to a lead. {@code type} is one of created, stage-entered,
 * stage-left, task-created, task-done, task-skipped, facts-reported, fields-changed,
 * owner-changed, owner-assigned, close-date-changed, migrated, won, lost, email-pending,
 * email-sent, email-failed (a cue email: template, to, error), comment (a note written on
 * one of its tasks or its process in Tasklist or Cockpit: message, task); {@code detail}
 * holds what the type needs (stage, task, facts, from/to).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant at, String type, String actor, Map<String, Object> detail) {
}

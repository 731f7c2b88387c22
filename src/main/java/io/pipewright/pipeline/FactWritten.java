package io.pipewright.pipeline;

import java.time.Instant;

/**
 * A variable of a lead's process was created or changed at the process's own scope, by
 * whatever wrote it: a rep completing a stage task's form in Tasklist, an integration
 * through engine-rest, Pipewright's own fact report. Published by the engine glue in the
 * engine's transaction, before the goals that read it move the lead.
 *
 * @param value a boolean, a number or a text; {@code null} when the variable was cleared
 * @param by the engine's authenticated user, {@code null} for the engine's own work
 */
public record FactWritten(String leadId, String name, Object value, String by, Instant at) {
}

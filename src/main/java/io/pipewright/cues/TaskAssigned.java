package io.pipewright.cues;

import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * A user task got an assignee, who did not take it themselves; published in the engine's
 * transaction. The task is the engine's own, read when the transaction is about to
 * commit, so the email shows the task as it ends up (its due date set, its assignee
 * final).
 */
record TaskAssigned(DelegateTask task, String assignee, String leadId) {
}

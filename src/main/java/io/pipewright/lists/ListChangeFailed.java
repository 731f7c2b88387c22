package io.pipewright.lists;

/**
 * MailChimp refused a list change, or it ran out of attempts: marked failed, with why.
 * Published by the list sync worker as it records the failure (its own statement, outside
 * an engine transaction).
 */
public record ListChangeFailed(long changeId, String leadId, String listId, String errorTitle, String errorDetail) {
}

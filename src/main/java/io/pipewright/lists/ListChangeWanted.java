package io.pipewright.lists;

/**
 * Published by {@link ListMemberships#want} in the recording transaction; once that
 * commits, the sync worker wakes instead of waiting for its next poll.
 */
record ListChangeWanted(String leadId, String listId) {

}

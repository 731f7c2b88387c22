package io.pipewright.cues;

/**
 * Deliveries recorded in the caller's transaction and sent by a worker after it commits:
 * claimed by one node at a time, retried with backoff, their last error kept.
 */
public interface Outbox {

	/**
	 * Records a delivery. A {@code dedupKey} already used records nothing (a digest for
	 * one user and day, say, asked for by two nodes), so it may be null only where a
	 * repeat is wanted.
	 * @return whether it was recorded
	 */
	boolean enqueue(String channel, String kind, String target, String payload, String leadId, String dedupKey);

}

package io.pipewright.cues;

/**
 * One way a delivery leaves the server (mail, webhook). The outbox worker claims a due
 * delivery and hands it to its channel, outside any transaction; the channel only sends
 * and says how it went.
 */
public interface Channel {

	/** The name deliveries of this channel carry in {@code pw_delivery.channel}. */
	String name();

	/**
	 * Sends one delivery; never throws for a failure of the receiver, says so instead.
	 */
	Outcome deliver(Delivery delivery);

	/** How a send went. */
	record Outcome(Verdict verdict, String error) {

		public static final Outcome SENT = new Outcome(Verdict.SENT, null);

		public static Outcome retry(String error) {
			return new Outcome(Verdict.RETRY, error);
		}

		public static Outcome refused(String error) {
			return new Outcome(Verdict.REFUSED, error);
		}

	}

	enum Verdict {

		/** Taken by the receiver: done. */
		SENT,
		/** Not taken this time (down, timed out, 5xx): retried with backoff. */
		RETRY,
		/** Refused for good (no such mailbox, 4xx): failed, shown to the admin. */
		REFUSED

	}

}

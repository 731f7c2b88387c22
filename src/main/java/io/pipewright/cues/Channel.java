package io.pipewright.cues;

import java.time.Duration;

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

	/**
	 * How a send went.
	 *
	 * @param status the receiver's answer, where it gives a number (an HTTP status, an
	 * SMTP reply code); shown to the admin; may be null
	 * @param retryAfter for a retry, the least wait the receiver asked for (HTTP
	 * Retry-After); may be null
	 */
	record Outcome(Verdict verdict, String error, Integer status, Duration retryAfter) {

		public static final Outcome SENT = new Outcome(Verdict.SENT, null);

		public Outcome(Verdict verdict, String error) {
			this(verdict, error, null, null);
		}

		public static Outcome retry(String error) {
			return new Outcome(Verdict.RETRY, error);
		}

		public static Outcome refused(String error) {
			return new Outcome(Verdict.REFUSED, error);
		}

		/** The same outcome, with the receiver's status. */
		public Outcome withStatus(Integer status) {
			return new Outcome(verdict, error, status, retryAfter);
		}

		/** The same outcome, retried no sooner than this. */
		public Outcome after(Duration retryAfter) {
			return new Outcome(verdict, error, status, retryAfter);
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

package io.pipewright.lists.mailchimp;

import java.time.Duration;

/**
 * What came of one call to MailChimp.
 *
 * @param title MailChimp's problem title (or what went wrong on the way); {@code null}
 * when accepted
 * @param detail MailChimp's problem detail
 * @param retryAfter how long MailChimp asked us to wait, if it said; otherwise zero
 */
public record Reply(Verdict verdict, String title, String detail, Duration retryAfter) {

	public enum Verdict {

		/** MailChimp now holds what was asked. */
		ACCEPTED,

		/** Throttled, a server error, or no answer: the same call may well work later. */
		TRY_LATER,

		/**
		 * MailChimp will not do it, however often asked: a bad email, key or audience.
		 */
		REFUSED

	}

	/** What a call MailChimp took comes to. */
	public static final Reply ACCEPTED = new Reply(Verdict.ACCEPTED, null, null, Duration.ZERO);

}

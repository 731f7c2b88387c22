package io.pipewright.lists.mailchimp;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What came of one batch subscribe.
 *
 * @param call the verdict on the call as a whole: if not accepted, no member was synced
 * @param refused when the call was accepted, the members MailChimp refused, by
 * lower-cased email; every other member of the batch was synced
 */
public record BatchReply(Reply call, Map<String, Refusal> refused) {

	/**
	 * MailChimp's reason for refusing one member of a batch.
	 *
	 * @param error MailChimp's text, such as "... looks fake or invalid, please enter a
	 * real email address."
	 * @param errorCode such as {@code ERROR_GENERIC} or {@code ERROR_CONTACT_EXISTS}
	 */
	public record Refusal(String email, String error, String errorCode) {

	}

	/** MailChimp's refusal of this member, if it refused it. */
	public Optional<Refusal> refusalOf(String email) {
		return Optional.ofNullable(refused.get(key(email)));
	}

	static String key(String email) {
		return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
	}

}

package io.pipewright.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * One recipient form of a notify task's {@code to}: {@code owner}, {@code manager},
 * {@code team}, {@code user:<id>} or {@code group:<id>}. The syntax is part of the
 * modelling contract, so the parse can refuse a literal it does not know; who a form
 * names is for the cues to resolve.
 *
 * @param kind which form
 * @param id the user or group id of {@code user:} and {@code group:}; null otherwise
 */
public record Recipient(Kind kind, String id) {

	public enum Kind {

		/** The lead's owner. */
		OWNER,
		/** The managers who share a team with the owner. */
		MANAGER,
		/** The members of the owner's teams. */
		TEAM,
		/** One user by id. */
		USER,
		/** The members of one group by id. */
		GROUP

	}

	/** The default of a notify task that names nobody. */
	public static final String DEFAULT = "owner";

	/**
	 * The recipients a {@code to} names, in order; blank means {@link #DEFAULT}.
	 * @throws UnknownRecipient naming the first form that is none of the above
	 */
	public static List<Recipient> parse(String to) {
		String text = to == null || to.isBlank() ? DEFAULT : to;
		List<Recipient> recipients = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			recipients.add(one(part.strip(), text));
		}
		return recipients;
	}

	private static Recipient one(String form, String to) {
		switch (form) {
			case "owner":
				return new Recipient(Kind.OWNER, null);
			case "manager":
				return new Recipient(Kind.MANAGER, null);
			case "team":
				return new Recipient(Kind.TEAM, null);
			default:
		}
		int colon = form.indexOf(':');
		String id = colon < 0 ? "" : form.substring(colon + 1).strip();
		if (!id.isEmpty() && form.startsWith("user:")) {
			return new Recipient(Kind.USER, id);
		}
		if (!id.isEmpty() && form.startsWith("group:")) {
			return new Recipient(Kind.GROUP, id);
		}
		throw new UnknownRecipient(form, to);
	}

	/** A {@code to} names a recipient in a form the contract does not know. */
	public static class UnknownRecipient extends RuntimeException {

		UnknownRecipient(String form, String to) {
			super("'" + form + "' in '" + to
					+ "' is not a recipient: use owner, manager, team, user:<id> or group:<id>, separated by commas");
		}

	}

}

package io.pipewright.security;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which audit entries to show; each part left null matches all. {@code lead} is the
 * {@code subject} of the lead entries only; {@code action} is one action
 * ({@code token.created}) or a whole kind ({@code token}); {@code to} is exclusive.
 */
record AuditFilter(String lead, String subject, String actor, String action, Instant from, Instant to) {

	private static final Pattern ACTION = Pattern.compile("[a-z]+(\\.[a-z-]+)?");

	/** From the query parameters, or a problem naming each that is wrong. */
	static AuditFilter parse(String lead, String subject, String actor, String action, String from, String to) {
		List<FieldProblem> problems = new ArrayList<>();
		lead = blankToNull(lead);
		subject = blankToNull(subject);
		actor = blankToNull(actor);
		action = blankToNull(action);
		if (lead != null && lead.length() > 64) {
			problems.add(new FieldProblem("lead", "is not a lead id (at most 64 characters)"));
		}
		if (subject != null && subject.length() > 255) {
			problems.add(new FieldProblem("subject", "must be at most 255 characters"));
		}
		if (actor != null && actor.length() > 255) {
			problems.add(new FieldProblem("actor", "must be at most 255 characters"));
		}
		if (action != null && (action.length() > 60 || !ACTION.matcher(action).matches())) {
			problems.add(new FieldProblem("action",
					"must be an action such as lead.owner-changed or token.created, or a kind such as lead or token"));
		}
		Instant start = time("from", from, false, problems);
		Instant end = time("to", to, true, problems);
		if (start != null && end != null && !start.isBefore(end)) {
			problems.add(new FieldProblem("from", "must be before 'to'"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return new AuditFilter(lead, subject, actor, action, start, end);
	}

	/** The action's kind: {@code lead} for both {@code lead} and {@code lead.won}. */
	String kind() {
		return action == null ? null : action.contains(".") ? action.substring(0, action.indexOf('.')) : action;
	}

	boolean wholeKind() {
		return action != null && !action.contains(".");
	}

	/**
	 * An instant with its offset ({@code 2026-11-02T08:00:00Z}), or a day in UTC
	 * ({@code 2026-11-02}): from its start, or for {@code to} through its end.
	 */
	private static Instant time(String field, String text, boolean end, List<FieldProblem> problems) {
		text = blankToNull(text);
		if (text == null) {
			return null;
		}
		try {
			OffsetDateTime time = text.length() == 10
					? LocalDate.parse(text).plusDays(end ? 1 : 0).atStartOfDay().atOffset(ZoneOffset.UTC)
					: OffsetDateTime.parse(text);
			if (time.getYear() < 1900 || time.getYear() > 9999) {
				problems.add(new FieldProblem(field, "must lie between the years 1900 and 9999"));
				return null;
			}
			return time.toInstant();
		}
		catch (DateTimeParseException ex) {
			String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
			problems.add(new FieldProblem(field, "'" + shown
					+ "' is neither a date (yyyy-mm-dd) nor a time with its offset (2026-11-02T08:00:00Z)"));
			return null;
		}
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

}

package io.pipewright.cues;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One email template in one language: a subject line and a plain-text body with
 * {@code {{placeholder}}} fields. The text form, in a file or saved through the API, is
 * {@code Subject: ...}, a blank line, then the body.
 */
public record Template(String name, String language, String subject, String body, Source source) {

	/** Where a template came from; the later wins. */
	public enum Source {

		SHIPPED, FILE, SAVED

	}

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

	private static final Pattern SUBJECT = Pattern.compile("(?i)^subject:[ \\t]*(.*)$");

	/**
	 * A template's name, also its file name's first part and the kind a user turns off.
	 */
	public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,49}");

	/**
	 * Reads the text form.
	 * @throws IllegalArgumentException naming what is missing
	 */
	public static Template parse(String name, String language, String text, Source source) {
		String normalised = text.replace("\r\n", "\n").stripLeading();
		int end = normalised.indexOf('\n');
		String first = end < 0 ? normalised : normalised.substring(0, end);
		Matcher subject = SUBJECT.matcher(first.strip());
		if (!subject.matches() || subject.group(1).isBlank()) {
			throw new IllegalArgumentException("The first line must be 'Subject: ...' with the email's subject");
		}
		String body = end < 0 ? "" : normalised.substring(end + 1).strip();
		if (body.isEmpty()) {
			throw new IllegalArgumentException("The body, after the subject line and a blank line, is empty");
		}
		return new Template(name, language, subject.group(1).strip(), body, source);
	}

	/** The text form, as {@link #parse} reads it. */
	public String text() {
		return "Subject: " + subject + "\n\n" + body + "\n";
	}

	/** Every placeholder the subject and body use, in order of first use. */
	public Set<String> placeholders() {
		Set<String> names = new LinkedHashSet<>();
		for (String part : new String[] { subject, body }) {
			Matcher matcher = PLACEHOLDER.matcher(part);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** The email for these values; a placeholder with no value reads as empty. */
	public Rendered render(Map<String, String> values) {
		return new Rendered(fill(subject, values).replaceAll("\\s+", " ").strip(), fill(body, values));
	}

	private static String fill(String text, Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** A template filled in: what one person receives. */
	public record Rendered(String subject, String body) {
	}

}

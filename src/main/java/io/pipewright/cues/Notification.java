package io.pipewright.cues;

import java.util.List;
import java.util.Map;

/**
 * An email Pipewright should send to people: which template, to whom (user ids), about
 * which lead (may be null, as for a digest), and the values the template's placeholders
 * take beyond the lead's own fields. A {@code dedupKey} makes it go out once per
 * recipient however often it is asked for (a digest for one day).
 */
public record Notification(String template, List<String> recipients, String leadId, Map<String, Object> values,
		String dedupKey) {

	public Notification {
		recipients = List.copyOf(recipients);
		values = values == null ? Map.of() : Map.copyOf(values);
	}

	/** A notification sent each time it is asked for. */
	public Notification(String template, List<String> recipients, String leadId, Map<String, Object> values) {
		this(template, recipients, leadId, values, null);
	}

}

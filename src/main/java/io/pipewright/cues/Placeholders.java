package io.pipewright.cues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fields a template may use, with what each holds. A template using any other is
 * refused when saved or read at start-up, so a typo never reaches a rep as an empty gap.
 */
public final class Placeholders {

	/** Name to meaning, in the order the API lists them. */
	public static final Map<String, String> KNOWN;

	static {
		Map<String, String> known = new LinkedHashMap<>();
		known.put("recipient.name", "the full name of the person the email goes to");
		known.put("recipient.firstName", "their first name");
		known.put("lead.name", "the lead's contact person");
		known.put("lead.company", "the lead's company");
		known.put("lead.value", "the lead's value with its currency, as the recipient's language writes amounts");
		known.put("lead.owner", "the full name of the lead's owner");
		known.put("lead.stage", "the stage the lead is in");
		known.put("lead.pipeline", "the lead's pipeline");
		known.put("lead.closeDate", "the expected close date");
		known.put("lead.link", "a link to the lead");
		known.put("stage", "the stage the cue is about (the one passed, for a congratulation)");
		known.put("goal", "the goal reached");
		known.put("days", "whole days the lead has been in its stage");
		known.put("task.name", "the task assigned; in a notify task's email, that task's name");
		known.put("task.due", "its due date");
		known.put("task.link", "a link to the task in Tasklist");
		known.put("reason", "why: the lost reason, the routing reason");
		known.put("note", "the text the pipeline's notify task gives in its 'note' input");
		known.put("digest.count", "how many tasks the digest lists");
		known.put("digest.overdue", "the overdue tasks, one a line");
		known.put("digest.dueToday", "the tasks due today, one a line");
		known.put("server.link", "a link to Pipewright");
		KNOWN = java.util.Collections.unmodifiableMap(known);
	}

	private Placeholders() {
	}

	/** The placeholders of the template that are not known, in order of use. */
	public static Set<String> unknown(Template template) {
		return template.placeholders()
			.stream()
			.filter(name -> !KNOWN.containsKey(name))
			.collect(Collectors.toCollection(java.util.LinkedHashSet::new));
	}

}

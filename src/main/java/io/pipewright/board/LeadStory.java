package io.pipewright.board;

import io.pipewright.lead.LeadService;
import io.pipewright.lead.TimelineEntry;
import io.pipewright.lists.ListOverview;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A lead's timeline in words a person reads, in the page's language: the lead's own
 * timeline with its list changes (and what MailChimp made of them) woven in by time.
 */
@Component
class LeadStory {

	/** One line of the story; {@code kind} drives its icon colour on the page. */
	record Line(Instant at, String kind, String text, String actor) {
	}

	private final LeadService leads;

	private final ListOverview lists;

	private final MessageSource messages;

	LeadStory(LeadService leads, ListOverview lists, MessageSource messages) {
		this.leads = leads;
		this.lists = lists;
		this.messages = messages;
	}

	List<Line> of(String leadId, Locale locale) {
		List<Line> lines = new ArrayList<>();
		for (TimelineEntry entry : leads.timeline(leadId)) {
			lines.add(new Line(entry.at(), entry.type(), words(entry, locale), entry.actor()));
		}
		for (ListOverview.Change change : lists.ofLead(leadId)) {
			lines.add(new Line(change.requestedAt(), "list-" + change.state(), words(change, locale), null));
		}
		// stable: the timeline's own order holds within one instant
		lines.sort(Comparator.comparing(Line::at));
		return lines;
	}

	private String words(TimelineEntry entry, Locale locale) {
		Map<String, Object> d = entry.detail() == null ? Map.of() : entry.detail();
		return switch (entry.type()) {
			case "created" -> say(locale, "story.created", d.get("pipeline"), d.get("owner"), or(d.get("routing")));
			case "stage-entered" -> say(locale, "story.stageEntered", d.get("stage"));
			case "stage-left" -> say(locale, "story.stageLeft", d.get("stage"),
					say(locale, "story.leftBy." + Objects.requireNonNullElse(d.get("leftBy"), "unknown")));
			case "task-created" -> say(locale, "story.taskCreated", d.get("task"), d.get("stage"),
					or(d.get("assignee")), Times.day(d.get("due")));
			case "task-done" -> say(locale, "story.taskDone", d.get("task"));
			case "task-skipped" -> say(locale, "story.taskSkipped", d.get("task"));
			case "facts-reported" -> say(locale, "story.facts", facts(d, locale));
			case "fields-changed" -> say(locale, "story.fields", changes(d));
			case "owner-changed" -> say(locale, "story.ownerChanged", or(d.get("from")), or(d.get("to")));
			case "owner-assigned" ->
				say(locale, "story.ownerAssigned", or(d.get("to")), or(d.get("from")), or(d.get("routing")));
			case "close-date-changed" -> say(locale, "story.closeDate", or(d.get("from")), or(d.get("to")));
			case "won" ->
				d.get("value") == null ? say(locale, "story.won") : say(locale, "story.wonValue", d.get("value"));
			case "lost" ->
				d.get("reason") == null ? say(locale, "story.lost") : say(locale, "story.lostReason", d.get("reason"));
			case "migrated" -> say(locale, "story.migrated", d.get("from"), d.get("to"));
			case "erased" -> say(locale, "story.erased");
			case "comment" -> d.get("task") == null ? say(locale, "story.comment", d.get("message"))
					: say(locale, "story.taskComment", d.get("task"), d.get("message"));
			case "email-sent", "email-pending", "email-failed" ->
				say(locale, "story." + entry.type(), d.get("template"), or(d.get("to")), or(d.get("error")));
			default -> entry.type();
		};
	}

	private String words(ListOverview.Change change, Locale locale) {
		String what = say(locale,
				change.erase() ? "story.listErase"
						: change.subscribed() ? "story.listSubscribe" : "story.listUnsubscribe",
				change.listId(), or(change.stageName()));
		String state = switch (change.state()) {
			case "synced" -> say(locale, "story.list.synced");
			case "failed" -> say(locale, "story.list.failed",
					Objects.requireNonNullElse(change.errorDetail(), or(change.errorTitle())));
			default -> say(locale, "story.list.pending");
		};
		return what + " " + state;
	}

	private String facts(Map<String, Object> facts, Locale locale) {
		return facts.entrySet()
			.stream()
			.map(fact -> fact.getKey() + " = "
					+ (fact.getValue() instanceof Boolean yes ? say(locale, yes ? "story.yes" : "story.no")
							: String.valueOf(fact.getValue())))
			.collect(Collectors.joining(", "));
	}

	@SuppressWarnings("unchecked")
	private static String changes(Map<String, Object> fields) {
		return fields.entrySet().stream().map(field -> {
			Map<String, Object> change = field.getValue() instanceof Map<?, ?> map ? (Map<String, Object>) map
					: Map.of();
			return field.getKey() + ": " + or(change.get("from")) + " → " + or(change.get("to"));
		}).collect(Collectors.joining(", "));
	}

	private static String or(Object value) {
		return value == null ? "–" : value.toString();
	}

	private String say(Locale locale, String key, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}

	/** Times as the page shows them: UTC, to the minute. */
	static final class Times {

		private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
			.withZone(ZoneOffset.UTC);

		public String show(Instant instant) {
			return instant == null ? "" : SHOWN.format(instant);
		}

		public String iso(Instant instant) {
			return instant == null ? "" : instant.toString();
		}

		static String day(Object instant) {
			if (instant == null) {
				return "–";
			}
			Instant at = instant instanceof Instant i ? i : Instant.parse(instant.toString());
			return SHOWN.format(at);
		}

	}

}

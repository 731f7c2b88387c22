package io.pipewright.cues;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.api.PlainText;
import io.pipewright.security.AuditTrail;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers and deletes webhooks (audited), and records a delivery to every webhook
 * subscribed to an event, in the caller's transaction.
 */
@Service
class WebhookService {

	private static final int MAX_URL = 2000;

	private static final int MAX_DESCRIPTION = 500;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Webhooks webhooks;

	private final DeliveryOutbox outbox;

	private final Deliveries deliveries;

	private final WebhookTargets targets;

	private final AuditTrail audit;

	private final TransactionTemplate transaction;

	private final ObjectMapper json;

	private final JdbcClient jdbc;

	WebhookService(Webhooks webhooks, DeliveryOutbox outbox, Deliveries deliveries, WebhookTargets targets,
			AuditTrail audit, TransactionTemplate transaction, ObjectMapper json, JdbcClient jdbc) {
		this.webhooks = webhooks;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.targets = targets;
		this.audit = audit;
		this.transaction = transaction;
		this.json = json;
		this.jdbc = jdbc;
	}

	record Created(Webhooks.Webhook webhook, String secret) {
	}

	Created create(String url, List<String> events, String description, String actor) {
		List<FieldProblem> problems = new ArrayList<>();
		String cleanUrl = url == null ? null : url.strip();
		if (cleanUrl != null && cleanUrl.length() > MAX_URL) {
			problems.add(new FieldProblem("url", "must be at most " + MAX_URL + " characters"));
		}
		else if (cleanUrl != null && !PlainText.Check.isPlain(cleanUrl, false)) {
			problems.add(new FieldProblem("url", "must be plain text, without control characters or broken unicode"));
		}
		else {
			targets.refusal(cleanUrl).ifPresent(why -> problems.add(new FieldProblem("url", why)));
		}
		Set<String> wanted = new LinkedHashSet<>();
		if (events == null || events.isEmpty()) {
			problems.add(new FieldProblem("events", "name at least one event: " + String.join(", ", WebhookEvent.ALL)));
		}
		else {
			for (int i = 0; i < events.size(); i++) {
				String event = events.get(i);
				if (event == null || !WebhookEvent.ALL.contains(event)) {
					problems.add(new FieldProblem("events[" + i + "]",
							"'" + shorten(event) + "' is not an event; known: " + String.join(", ", WebhookEvent.ALL)));
				}
				else {
					wanted.add(event);
				}
			}
		}
		String cleanDescription = description == null || description.isBlank() ? null : description.strip();
		if (cleanDescription != null && cleanDescription.length() > MAX_DESCRIPTION) {
			problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
		}
		else if (cleanDescription != null && !PlainText.Check.isPlain(cleanDescription, false)) {
			problems.add(new FieldProblem("description",
					"must be plain text on one line, without control characters or broken unicode"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		String secret = secret();
		Instant now = ClockUtil.now().toInstant();
		List<String> subscribed = List.copyOf(wanted);
		long id = transaction.execute(status -> {
			long created = webhooks.insert(cleanUrl, subscribed, secret, cleanDescription, actor, now);
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("url", cleanUrl);
			detail.put("events", subscribed);
			detail.put("description", cleanDescription);
			audit.record(actor, "webhook.created", Long.toString(created), detail);
			return created;
		});
		return new Created(get(id), secret);
	}

	Webhooks.Webhook get(long id) {
		return webhooks.find(id).orElseThrow(() -> new UnknownWebhook(Long.toString(id)));
	}

	List<Webhooks.Webhook> list() {
		return webhooks.all();
	}

	Webhooks.Deliveries deliveries(long id) {
		return webhooks.deliveries(id);
	}

	/** Deletes the webhook; its pending deliveries fail, saying so. */
	void delete(long id, String actor) {
		transaction.executeWithoutResult(status -> {
			Webhooks.Webhook webhook = get(id);
			if (webhooks.deactivate(id, actor, ClockUtil.now().toInstant())) {
				int dropped = deliveries.failPending(WebhookChannel.NAME, Long.toString(id), "webhook deleted");
				audit.record(actor, "webhook.deleted", Long.toString(id),
						Map.of("url", webhook.url(), "pendingDropped", dropped));
			}
		});
	}

	/** Records a {@code ping} to the webhook; the new delivery's id. */
	long test(long id, String actor) {
		return transaction.execute(status -> {
			Webhooks.Webhook webhook = get(id);
			Map<String, Object> payload = payload(WebhookEvent.PING, ClockUtil.now().toInstant(), null);
			Map<String, Object> about = new LinkedHashMap<>();
			about.put("id", Long.toString(webhook.id()));
			about.put("description", webhook.description());
			about.put("events", webhook.events());
			payload.put("webhook", about);
			long delivery = outbox.record(WebhookChannel.NAME, WebhookEvent.PING, Long.toString(id), write(payload),
					null, null);
			audit.record(actor, "webhook.tested", Long.toString(id), Map.of("delivery", delivery));
			return delivery;
		});
	}

	/**
	 * Whether any webhook is subscribed to the event: if none, nothing need be read for
	 * it.
	 */
	boolean wanted(String event) {
		return !webhooks.subscribedTo(event).isEmpty();
	}

	/**
	 * Records the event for every webhook subscribed to it, in the caller's transaction.
	 * @param dedupPrefix with the webhook's id, the dedup key; null for none
	 */
	void announce(String event, String leadId, Instant occurredAt, Map<String, Object> detail, String dedupPrefix) {
		announce(event, leadId, occurredAt, detail, dedupPrefix, webhook -> true);
	}

	/** As {@link #announce}, to those of the subscribed webhooks that pass the filter. */
	void announce(String event, String leadId, Instant occurredAt, Map<String, Object> detail, String dedupPrefix,
			Predicate<Webhooks.Webhook> which) {
		List<Webhooks.Webhook> subscribed = webhooks.subscribedTo(event).stream().filter(which).toList();
		if (subscribed.isEmpty()) {
			return;
		}
		Map<String, Object> payload = payload(event, occurredAt, leadId == null ? null : lead(leadId).orElse(null));
		payload.putAll(detail);
		String body = write(payload);
		for (Webhooks.Webhook webhook : subscribed) {
			outbox.record(WebhookChannel.NAME, event, Long.toString(webhook.id()), body, leadId,
					dedupPrefix == null ? null : dedupPrefix + ":" + webhook.id());
		}
	}

	private Map<String, Object> payload(String event, Instant occurredAt, Map<String, Object> lead) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", event);
		payload.put("occurredAt", occurredAt == null ? ClockUtil.now().toInstant() : occurredAt);
		if (lead != null) {
			payload.put("lead", lead);
		}
		return payload;
	}

	/** The lead as receivers see it: what a chat post about a deal needs. */
	private Optional<Map<String, Object>> lead(String id) {
		return jdbc.sql("""
				select id, name, company, amount, currency, owner, status, pipeline_key, stage_id, stage_name
				from pw_lead where id = ?
				""").param(id).query((rs, n) -> {
			Map<String, Object> lead = new LinkedHashMap<>();
			lead.put("id", rs.getString("id"));
			lead.put("name", rs.getString("name"));
			lead.put("company", rs.getString("company"));
			lead.put("value", rs.getBigDecimal("amount"));
			lead.put("currency", rs.getString("currency"));
			lead.put("owner", rs.getString("owner"));
			lead.put("status",
					rs.getString("status") == null ? null : rs.getString("status").toLowerCase(java.util.Locale.ROOT));
			lead.put("pipeline", rs.getString("pipeline_key"));
			Map<String, Object> stage = null;
			if (rs.getString("stage_id") != null) {
				stage = new LinkedHashMap<>();
				stage.put("id", rs.getString("stage_id"));
				stage.put("name", rs.getString("stage_name"));
			}
			lead.put("stage", stage);
			return lead;
		}).optional();
	}

	private String write(Map<String, Object> payload) {
		try {
			return json.writeValueAsString(payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A webhook payload cannot be written as JSON", ex);
		}
	}

	private static String secret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + java.util.HexFormat.of().formatHex(bytes);
	}

	private static String shorten(String text) {
		if (text == null) {
			return "null";
		}
		return text.length() <= 60 ? text : text.substring(0, 60) + "...";
	}

}

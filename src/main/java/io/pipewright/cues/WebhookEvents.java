package io.pipewright.cues;

import io.pipewright.lead.FactsReported;
import io.pipewright.lead.LeadClosed;
import io.pipewright.lead.LeadCreated;
import io.pipewright.lead.LeadStatus;
import io.pipewright.lists.ListChangeFailed;
import io.pipewright.pipeline.StageEntered;
import io.pipewright.pipeline.StageLeft;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns what happens to leads into webhook deliveries. Plain listeners: they run in the
 * publisher's transaction (the engine's, the lead service's), so a delivery is recorded
 * with the change it announces, and a rolled-back change announces nothing.
 */
@Component
class WebhookEvents {

	private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

	private final WebhookService webhooks;

	private final JdbcClient jdbc;

	WebhookEvents(WebhookService webhooks, JdbcClient jdbc) {
		this.webhooks = webhooks;
		this.jdbc = jdbc;
	}

	@EventListener
	void on(LeadCreated event) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("routing", event.routingReason());
		webhooks.announce(WebhookEvent.LEAD_CREATED, event.leadId(), ClockUtil.now().toInstant(), detail, null);
	}

	@EventListener
	void on(StageEntered event) {
		webhooks.announce(WebhookEvent.STAGE_ENTERED, event.leadId(), event.at(),
				Map.of("stage", stage(event.stageId(), event.stageName())), null);
	}

	@EventListener
	void on(StageLeft event) {
		if (!webhooks.wanted(WebhookEvent.STAGE_LEFT)) {
			return;
		}
		String name = jdbc.sql("select stage_name from pw_stage_visit where activity_instance_id = ?")
			.param(event.activityInstanceId())
			.query(String.class)
			.optional()
			.orElse(null);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("stage", stage(event.stageId(), name));
		detail.put("completed", event.completed());
		webhooks.announce(WebhookEvent.STAGE_LEFT, event.leadId(), event.at(), detail, null);
	}

	@EventListener
	void on(FactsReported event) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("facts", event.facts());
		detail.put("by", event.by() == null ? "pipeline" : event.by());
		webhooks.announce(WebhookEvent.FACTS_REPORTED, event.leadId(), event.at(), detail, null);
	}

	@EventListener
	void on(LeadClosed event) {
		if (event.status() == LeadStatus.OPEN) {
			return;
		}
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("reason", event.reason());
		detail.put("by", event.by() == null ? "pipeline" : event.by());
		webhooks.announce(event.status() == LeadStatus.WON ? WebhookEvent.LEAD_WON : WebhookEvent.LEAD_LOST,
				event.leadId(), ClockUtil.now().toInstant(), detail, null);
	}

	/** Published by the list sync outside any transaction: recorded on its own. */
	@EventListener
	void on(ListChangeFailed event) {
		try {
			Map<String, Object> change = new LinkedHashMap<>();
			change.put("id", event.changeId());
			change.put("listId", event.listId());
			change.put("error", event.errorTitle());
			change.put("detail", event.errorDetail());
			webhooks.announce(WebhookEvent.LIST_CHANGE_FAILED, event.leadId(), ClockUtil.now().toInstant(),
					Map.of("listChange", change), "list-change-failed:" + event.changeId());
		}
		catch (RuntimeException ex) {
			// the failure itself is recorded; only its announcement is missed
			log.warn("List change {} failed, but its webhook delivery could not be recorded", event.changeId(), ex);
		}
	}

	private static Map<String, Object> stage(String id, String name) {
		Map<String, Object> stage = new LinkedHashMap<>();
		stage.put("id", id);
		stage.put("name", name);
		return stage;
	}

}

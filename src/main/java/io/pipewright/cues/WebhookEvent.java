package io.pipewright.cues;

import java.util.List;

/** The events a webhook can subscribe to: the names receivers see. */
final class WebhookEvent {

	static final String LEAD_CREATED = "lead.created";

	static final String STAGE_ENTERED = "stage.entered";

	static final String STAGE_LEFT = "stage.left";

	static final String TASK_OVERDUE = "task.overdue";

	/**
	 * Facts reported, through the API or straight to the engine (Tasklist, engine-rest).
	 */
	static final String FACTS_REPORTED = "lead.facts-reported";

	static final String LEAD_WON = "lead.won";

	static final String LEAD_LOST = "lead.lost";

	static final String LIST_CHANGE_FAILED = "list-change.failed";

	/** Sent on request only ({@code POST /api/webhooks/{id}/test}); may be subscribed. */
	static final String PING = "ping";

	static final List<String> ALL = List.of(LEAD_CREATED, STAGE_ENTERED, STAGE_LEFT, TASK_OVERDUE, FACTS_REPORTED,
			LEAD_WON, LEAD_LOST, LIST_CHANGE_FAILED, PING);

	private WebhookEvent() {
	}

}

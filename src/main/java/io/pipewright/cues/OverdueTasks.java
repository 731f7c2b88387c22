package io.pipewright.cues;

import static io.pipewright.cues.Deliveries.instant;
import static io.pipewright.cues.Deliveries.utc;

import io.pipewright.operations.PeriodicWork;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces {@code task.overdue}: every {@code overdue-scan}, open stage tasks past their
 * due date that a webhook subscribed to the event has not been told of. Tasks that fell
 * due before a webhook was registered are not announced to it. Safe on several nodes: a
 * task is announced to a webhook under the dedup key
 * {@code task-overdue:<task id>:<webhook id>}, so two scans record it once.
 */
@Component
class OverdueTasks extends PeriodicWork {

	private static final int BATCH = 200;

	private final JdbcClient jdbc;

	private final WebhookService webhooks;

	private final TransactionTemplate transaction;

	private final WebhooksProperties properties;

	OverdueTasks(JdbcClient jdbc, WebhookService webhooks, TransactionTemplate transaction,
			WebhooksProperties properties) {
		super("webhooks-overdue-scan", properties.overdueScan(), properties.overdueScan());
		this.jdbc = jdbc;
		this.webhooks = webhooks;
		this.transaction = transaction;
		this.properties = properties;
	}

	record Overdue(String taskId, String leadId, String name, Instant dueAt, String assignee) {
	}

	/** One scan; how many tasks it announced. */
	int scan() {
		Instant now = ClockUtil.now().toInstant();
		List<Overdue> overdue = jdbc
			.sql("""
					select distinct t.task_id, t.lead_id, t.name, t.due_at, t.assignee from pw_stage_task t
					join pw_webhook w on w.active = true and w.events like '%task.overdue%' and t.due_at > w.created_at
					where t.outcome = 'open' and t.due_at < :now
					and not exists (select 1 from pw_delivery d where d.dedup_key = concat('task-overdue:', t.task_id, ':', w.id))
					order by t.due_at, t.task_id limit :limit
					""")
			.param("now", utc(now))
			.param("limit", BATCH)
			.query((rs, n) -> new Overdue(rs.getString("task_id"), rs.getString("lead_id"), rs.getString("name"),
					instant(rs.getObject("due_at", OffsetDateTime.class)), rs.getString("assignee")))
			.list();
		for (Overdue task : overdue) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("id", task.taskId());
			detail.put("name", task.name());
			detail.put("dueAt", task.dueAt());
			detail.put("assignee", task.assignee());
			// only to webhooks registered before the task fell due
			transaction.executeWithoutResult(status -> webhooks.announce(WebhookEvent.TASK_OVERDUE, task.leadId(),
					task.dueAt(), Map.of("task", detail), "task-overdue:" + task.taskId(),
					webhook -> task.dueAt().isAfter(webhook.createdAt())));
		}
		return overdue.size();
	}

	@Override
	protected void work() {
		while (scan() == BATCH) {
			// a backlog: on at once
		}
	}

}

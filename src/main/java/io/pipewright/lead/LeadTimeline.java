package io.pipewright.lead;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A lead's story in order, put together from what Pipewright records as it happens: the
 * lead's own events, the stages it went through and the tasks each gave it.
 */
@Repository
class LeadTimeline {

	private final JdbcClient jdbc;

	private final LeadEvents events;

	LeadTimeline(JdbcClient jdbc, LeadEvents events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	List<TimelineEntry> of(String leadId) {
		List<TimelineEntry> entries = new ArrayList<>();
		jdbc.sql("select occurred_at, type, actor, detail from pw_lead_event where lead_id = ? order by id")
			.param(leadId)
			.query((rs, n) -> new TimelineEntry(Leads.instant(rs, "occurred_at"),
					rs.getString("type").toLowerCase(Locale.ROOT).replace('_', '-'), rs.getString("actor"),
					events.detail(rs.getString("detail"))))
			.list()
			.forEach(entries::add);
		jdbc.sql("""
				select stage_id, stage_name, entered_at, left_at, left_by from pw_stage_visit
				where lead_id = ? order by id
				""").param(leadId).query((rs, n) -> {
			Map<String, Object> stage = new LinkedHashMap<>();
			stage.put("stageId", rs.getString("stage_id"));
			stage.put("stage", rs.getString("stage_name"));
			entries.add(new TimelineEntry(Leads.instant(rs, "entered_at"), "stage-entered", null, stage));
			if (rs.getObject("left_at") != null) {
				Map<String, Object> left = new LinkedHashMap<>(stage);
				left.put("leftBy", rs.getString("left_by"));
				entries.add(new TimelineEntry(Leads.instant(rs, "left_at"), "stage-left", null, left));
			}
			return null;
		}).list();
		jdbc.sql("""
				select t.task_id, t.name, t.created_at, t.due_at, t.assignee, t.outcome, t.ended_at, t.ended_by,
				v.stage_name from pw_stage_task t left join pw_stage_visit v on v.id = t.visit_id
				where t.lead_id = ? order by t.created_at, t.task_id
				""").param(leadId).query((rs, n) -> {
			Map<String, Object> task = new LinkedHashMap<>();
			task.put("taskId", rs.getString("task_id"));
			task.put("task", rs.getString("name"));
			task.put("stage", rs.getString("stage_name"));
			Map<String, Object> created = new LinkedHashMap<>(task);
			created.put("due", Leads.instant(rs, "due_at"));
			created.put("assignee", rs.getString("assignee"));
			entries.add(new TimelineEntry(Leads.instant(rs, "created_at"), "task-created", null, created));
			String outcome = rs.getString("outcome");
			if (!"open".equals(outcome)) {
				entries.add(new TimelineEntry(Leads.instant(rs, "ended_at"), "task-" + outcome,
						rs.getString("ended_by"), task));
			}
			return null;
		}).list();
		// the cue emails about the lead (reminders, escalations, congratulations,
		// assignments): to whom, and whether the mail server has taken them yet
		jdbc.sql("""
				select kind, state, created_at, sent_at, last_error, payload from pw_delivery
				where lead_id = ? and channel = 'mail' order by id
				""").param(leadId).query((rs, n) -> {
			Map<String, Object> email = new LinkedHashMap<>();
			email.put("template", rs.getString("kind"));
			Map<String, Object> payload = events.detail(rs.getString("payload"));
			email.put("to", payload == null ? null : payload.get("user"));
			String state = rs.getString("state");
			boolean sent = "sent".equals(state);
			if (!sent && rs.getString("last_error") != null) {
				email.put("error", rs.getString("last_error"));
			}
			entries.add(new TimelineEntry(Leads.instant(rs, sent ? "sent_at" : "created_at"), "email-" + state, null,
					email));
			return null;
		}).list();
		// notes written on the lead's tasks (and process) in Tasklist or Cockpit, kept
		// by the engine and read from its history table, as Pipewright's other reads of
		// the engine; a task's note may not name its process, so stage tasks' come by
		// task
		jdbc.sql("""
				select c.TIME_, c.USER_ID_, c.TASK_ID_, c.MESSAGE_, c.FULL_MSG_, t.name from pw_stage_task t
				join ACT_HI_COMMENT c on c.TASK_ID_ = t.task_id
				where t.lead_id = :lead and c.TYPE_ = 'comment'
				union all
				select c.TIME_, c.USER_ID_, c.TASK_ID_, c.MESSAGE_, c.FULL_MSG_, null from pw_lead l
				join ACT_HI_COMMENT c on c.PROC_INST_ID_ = l.process_instance_id
				where l.id = :lead and c.TYPE_ = 'comment'
				and (c.TASK_ID_ is null or not exists (select 1 from pw_stage_task s where s.task_id = c.TASK_ID_))
				""").param("lead", leadId).query((rs, n) -> {
			Map<String, Object> comment = new LinkedHashMap<>();
			if (rs.getString(3) != null) {
				comment.put("taskId", rs.getString(3));
				comment.put("task", rs.getString(6));
			}
			byte[] full = rs.getBytes(5);
			comment.put("message", full != null ? new String(full, StandardCharsets.UTF_8) : rs.getString(4));
			// the engine writes its times in the JVM's zone, as a plain timestamp
			entries.add(new TimelineEntry(rs.getTimestamp(1).toInstant(), "comment", rs.getString(2), comment));
			return null;
		}).list();
		entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(entry -> rank(entry.type())));
		return entries;
	}

	/**
	 * Within one millisecond, the order in which the engine does things: the cause (a
	 * report, a close), then the stage's tasks end, the stage is left, the next one
	 * entered, its owner assigned and its tasks created; an erasure, which closes the
	 * lead first, comes last.
	 */
	private static int rank(String type) {
		return switch (type) {
			case "task-done", "task-skipped" -> 1;
			case "stage-left" -> 2;
			case "stage-entered" -> 3;
			case "owner-assigned" -> 4;
			case "task-created" -> 5;
			case "erased" -> 6;
			case "email-pending", "email-sent", "email-failed" -> 7;
			default -> 0;
		};
	}

}

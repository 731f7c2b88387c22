package io.pipewright.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;

/** The stages a lead went through and the tasks each gave it. */
@Repository
class StageVisits {

	private final JdbcClient jdbc;

	StageVisits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void enter(String leadId, String pipelineKey, String stageId, String stageName, String activityInstanceId,
			Instant at) {
		settle();
		jdbc.sql(
				"""
						insert into pw_stage_visit (lead_id, pipeline_key, stage_id, stage_name, activity_instance_id, entered_at)
						values (?, ?, ?, ?, ?, ?)
						""")
			.params(leadId, pipelineKey, stageId, stageName, activityInstanceId, Leads.utc(at))
			.update();
	}

	/**
	 * The lead was closed: its visits carry the time, so insight finds a period's closed
	 * leads' visits without joining each to its lead.
	 */
	void leadClosed(String leadId, Instant at) {
		settle();
		jdbc.sql("update pw_stage_visit set lead_closed_at = ? where lead_id = ?")
			.params(Leads.utc(at), leadId)
			.update();
	}

	/**
	 * The stage was left. Left by an interruption, the visit is written when its cause is
	 * known ({@link #leftBy}), which follows in the same transaction, or before this
	 * transaction next touches the visits, or at its commit: one statement, not two.
	 */
	void leave(String leadId, String stageId, String activityInstanceId, String leftBy, Instant at) {
		settle();
		Leaving leaving = new Leaving(leadId, stageId, activityInstanceId, leftBy, at);
		if (INTERRUPTED.equals(leftBy)) {
			Pending pending = InTransaction.of(Pending.class, () -> new Pending(this));
			if (pending != null) {
				pending.leaving = leaving;
				return;
			}
		}
		write(leaving);
	}

	private void write(Leaving leaving) {
		jdbc.sql(
				"update pw_stage_visit set left_at = ?, left_by = ? where activity_instance_id = ? and left_at is null")
			.params(Leads.utc(leaving.at), leaving.leftBy, leaving.activityInstanceId)
			.update();
	}

	/** Writes the visit left in this transaction whose cause did not follow. */
	private void settle() {
		Pending pending = InTransaction.find(Pending.class);
		if (pending != null && pending.leaving != null) {
			Leaving leaving = pending.leaving;
			pending.leaving = null;
			write(leaving);
		}
	}

	private static final String INTERRUPTED = "interrupted";

	private record Leaving(String leadId, String stageId, String activityInstanceId, String leftBy, Instant at) {
	}

	/** A transaction's visit left by an interruption, not yet written. */
	private static final class Pending implements TransactionSynchronization {

		private final StageVisits visits;

		Leaving leaving;

		Pending(StageVisits visits) {
			this.visits = visits;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			visits.settle();
		}

	}

	/**
	 * A migration gave the stage the lead is in a new name: the open visit shows it, as
	 * the stage will when the lead leaves it.
	 */
	void renameOpen(String leadId, String stageId, String stageName) {
		settle();
		jdbc.sql("update pw_stage_visit set stage_name = ? where lead_id = ? and stage_id = ? and left_at is null")
			.params(stageName, leadId, stageId)
			.update();
	}

	/** The names of the lead's stage tasks, by task id. */
	Map<String, String> taskNames(String leadId) {
		settle();
		return jdbc.sql("select task_id, name from pw_stage_task where lead_id = ? and name is not null")
			.param(leadId)
			.query((rs, n) -> Map.entry(rs.getString("task_id"), rs.getString("name")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/** The stage names the lead's visits show, by visit id. */
	Map<Long, String> visitNames(String leadId) {
		settle();
		return jdbc.sql("select id, stage_name from pw_stage_visit where lead_id = ?")
			.param(leadId)
			.query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("stage_name")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	void renameVisit(long visitId, String stageName) {
		settle();
		jdbc.sql("update pw_stage_visit set stage_name = ? where id = ?").params(stageName, visitId).update();
	}

	void renameTask(String taskId, String name) {
		settle();
		jdbc.sql("update pw_stage_task set name = ? where task_id = ?").params(name, taskId).update();
	}

	/**
	 * The goal explains an interruption recorded a moment before in the same transaction.
	 */
	void leftBy(String leadId, String stageId, String from, String to) {
		Pending pending = InTransaction.find(Pending.class);
		Leaving leaving = pending == null ? null : pending.leaving;
		if (leaving != null && leaving.leadId.equals(leadId) && leaving.stageId.equals(stageId)
				&& leaving.leftBy.equals(from)) {
			pending.leaving = null;
			write(new Leaving(leadId, stageId, leaving.activityInstanceId, to, leaving.at));
			return;
		}
		settle();
		jdbc.sql("update pw_stage_visit set left_by = ? where lead_id = ? and stage_id = ? and left_by = ?")
			.params(to, leadId, stageId, from)
			.update();
	}

	/**
	 * The stage's timer explains an interruption recorded a moment before in the same
	 * transaction: the visit was left by decay, and the tasks it skipped were skipped by
	 * decay too.
	 */
	void decayed(String leadId, String stageId) {
		settle();
		jdbc.sql("""
				update pw_stage_task set ended_by = 'decay' where outcome = 'skipped' and visit_id in
				(select id from pw_stage_visit where lead_id = ? and stage_id = ? and left_by = 'interrupted')
				""").params(leadId, stageId).update();
		leftBy(leadId, stageId, "interrupted", "decay");
	}

	void interruptedAs(String leadId, String leftBy) {
		settle();
		jdbc.sql("update pw_stage_visit set left_by = ? where lead_id = ? and left_by = 'interrupted'")
			.params(leftBy, leadId)
			.update();
	}

	void taskCreated(String leadId, String taskId, String stageId, String name, Instant due, String assignee,
			Instant at) {
		settle();
		// the stage's open visit found by the insert itself, not asked first
		jdbc.sql(
				"""
						insert into pw_stage_task (task_id, lead_id, visit_id, name, created_at, due_at, assignee, outcome)
						values (?, ?, (select max(id) from pw_stage_visit where lead_id = ? and stage_id = ? and left_at is null),
						?, ?, ?, ?, 'open')
						""")
			.params(taskId, leadId, leadId, stageId, name, Leads.utc(at), Leads.utc(due), assignee)
			.update();
	}

	void taskEnded(String taskId, boolean done, String by, Instant at) {
		settle();
		jdbc.sql("update pw_stage_task set outcome = ?, ended_at = ?, ended_by = ? where task_id = ?")
			.params(done ? "done" : "skipped", Leads.utc(at), by, taskId)
			.update();
	}

	/**
	 * Stages the lead has left, oldest first, each with the tasks it gave and what became
	 * of them; one query.
	 */
	List<PassedStage> passed(String leadId) {
		settle();
		Map<Long, PassedStage> stages = new LinkedHashMap<>();
		jdbc.sql("""
				select v.id, v.stage_id, v.stage_name, v.entered_at, v.left_at, v.left_by,
				t.task_id, t.name, t.due_at, t.outcome, t.ended_at, t.ended_by
				from pw_stage_visit v left join pw_stage_task t on t.visit_id = v.id
				where v.lead_id = ? and v.left_at is not null
				order by v.entered_at, v.id, t.created_at, t.task_id
				""").param(leadId).query((RowCallbackHandler) rs -> {
			long visit = rs.getLong("id");
			PassedStage stage = stages.get(visit);
			if (stage == null) {
				// its tasks follow in the rows of the join
				stage = new PassedStage(rs.getString("stage_id"), rs.getString("stage_name"),
						Leads.instant(rs, "entered_at"), Leads.instant(rs, "left_at"), rs.getString("left_by"),
						new ArrayList<>());
				stages.put(visit, stage);
			}
			String task = rs.getString("task_id");
			if (task != null) {
				stage.tasks()
					.add(new PassedStage.StageTask(task, rs.getString("name"), Leads.instant(rs, "due_at"),
							rs.getString("outcome"), Leads.instant(rs, "ended_at"), rs.getString("ended_by")));
			}
		});
		return List.copyOf(stages.values());
	}

}

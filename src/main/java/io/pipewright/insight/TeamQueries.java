package io.pipewright.insight;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reads behind adoption and the warning signs, from Pipewright's own tables: stage
 * tasks, stage visits and lead events.
 */
@Repository
class TeamQueries {

	/** The lead events that are work on the lead: a fact reported, a field changed. */
	private static final List<String> TOUCHES = List.of("FACTS_REPORTED", "FIELDS_CHANGED", "CLOSE_DATE_CHANGED",
			"OWNER_CHANGED");

	private final JdbcClient jdbc;

	TeamQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A count of some things, and how many of them were as wished. */
	record Share(long whole, long part) {
	}

	/**
	 * Per owner, the stage tasks of the pipeline's leads that count in [from, to): those
	 * done in it, and those not done that fell due in it (before now, and before they
	 * were skipped: a task skipped because the lead moved on before it fell due missed
	 * nothing); part: done no later than due.
	 */
	Map<String, Share> tasksOnTime(String pipelineKey, Set<String> owners, Instant from, Instant to, Instant now) {
		Map<String, Object> params = params(pipelineKey, owners);
		params.put("from", utc(from));
		params.put("to", utc(to));
		params.put("now", utc(now));
		Map<String, Share> shares = new HashMap<>();
		// a range scan per outcome (open, skipped: the outcomes a task has besides done),
		// each on its own index and joined to the leads on its own, so that the database
		// starts from the period's tasks: an OR, a "not done", or the union as a subquery
		// of one join made H2 read every lead of the pipeline and probe its tasks
		String onTime = "sum(case when t.outcome = 'done' and (t.due_at is null or t.ended_at <= t.due_at)"
				+ " then 1 else 0 end)";
		String branch = "select l.owner, count(*) as whole, " + onTime
				+ " as part from pw_stage_task t join pw_lead l on l.id = t.lead_id where " + leads(owners);
		String due = " and t.due_at >= :from and t.due_at < :to and t.due_at < coalesce(t.ended_at, :now) group by l.owner";
		jdbc.sql("select s.owner, sum(s.whole) as whole, sum(s.part) as part from (" + branch
				+ " and t.outcome = 'done' and t.ended_at >= :from and t.ended_at < :to group by l.owner union all "
				+ branch + " and t.outcome = 'open'" + due + " union all " + branch + " and t.outcome = 'skipped'" + due
				+ ") s group by s.owner")
			.params(params)
			.query((ResultSet rs) -> {
				shares.put(rs.getString("owner"), new Share(rs.getLong("whole"), rs.getLong("part")));
			});
		return shares;
	}

	/**
	 * Per owner, the open leads of the pipeline, and those touched since then: a fact
	 * reported, a field changed, a task done or a stage entered.
	 */
	Map<String, Share> touched(String pipelineKey, Set<String> owners, Instant since) {
		Map<String, Object> params = params(pipelineKey, owners);
		params.put("since", utc(since));
		params.put("touches", TOUCHES);
		Map<String, Share> shares = new HashMap<>();
		// the leads touched lately come from the touches' own time indexes, each lead
		// once, and meet the open leads in one join: not three probes per open lead
		jdbc.sql("select l.owner, count(*) as whole, count(x.lead_id) as part from pw_lead l left join ("
				+ "select e.lead_id from pw_lead_event e where e.type in (:touches) and e.occurred_at >= :since"
				+ " union select t.lead_id from pw_stage_task t where t.outcome = 'done' and t.ended_at >= :since"
				+ " union select v.lead_id from pw_stage_visit v where v.pipeline_key = :pipeline"
				+ " and v.entered_at >= :since) x on x.lead_id = l.id where " + leads(owners)
				+ " and l.status = 'open' group by l.owner")
			.params(params)
			.query((ResultSet rs) -> {
				shares.put(rs.getString("owner"), new Share(rs.getLong("whole"), rs.getLong("part")));
			});
		return shares;
	}

	record OpenLead(String id, String name, String owner, String stageId, Instant stageEnteredAt, BigDecimal value,
			String currency) {
	}

	/** The pipeline's open leads. */
	List<OpenLead> open(String pipelineKey, Set<String> owners) {
		return jdbc
			.sql("select l.id, l.name, l.owner, l.stage_id, l.stage_entered_at, l.amount, l.currency from pw_lead l"
					+ " where " + leads(owners) + " and l.status = 'open' order by l.stage_entered_at, l.id")
			.params(params(pipelineKey, owners))
			.query((rs, n) -> new OpenLead(rs.getString("id"), rs.getString("name"), rs.getString("owner"),
					rs.getString("stage_id"), instant(rs, "stage_entered_at"), rs.getBigDecimal("amount"),
					rs.getString("currency")))
			.list();
	}

	/** The value won in [from, to), per currency. */
	Map<String, BigDecimal> wonValue(String pipelineKey, Set<String> owners, Instant from, Instant to) {
		Map<String, Object> params = params(pipelineKey, owners);
		params.put("from", utc(from));
		params.put("to", utc(to));
		Map<String, BigDecimal> won = new HashMap<>();
		jdbc.sql("select l.currency, sum(l.amount) as total from pw_lead l where " + leads(owners)
				+ " and l.status = 'won' and l.closed_at >= :from and l.closed_at < :to group by l.currency")
			.params(params)
			.query((ResultSet rs) -> {
				won.put(rs.getString("currency"),
						rs.getBigDecimal("total") == null ? BigDecimal.ZERO : rs.getBigDecimal("total"));
			});
		return won;
	}

	/**
	 * An owner's work in one week: stages entered, the first stage's (prospecting) apart
	 * from the later ones' and the wins (closing).
	 */
	record Work(String owner, int week, long prospecting, long closing) {
	}

	/**
	 * The stage entries and wins of the pipeline's owned leads, per owner and week, the
	 * weeks given by their starts (and the end of the last), oldest first. Counted by the
	 * database: a team's weeks hold over a hundred thousand stage entries.
	 */
	List<Work> work(String pipelineKey, Set<String> owners, List<Instant> weeks, String firstStage) {
		Map<String, Object> params = params(pipelineKey, owners);
		params.put("first", firstStage);
		StringBuilder week = new StringBuilder("case");
		for (int i = 0; i < weeks.size(); i++) {
			params.put("w" + i, utc(weeks.get(i)));
			if (i > 0 && i < weeks.size() - 1) {
				week.append(" when t.at < :w").append(i).append(" then ").append(i - 1);
			}
		}
		week.append(" else ").append(weeks.size() - 2).append(" end");
		String last = ":w" + (weeks.size() - 1);
		List<Work> work = new ArrayList<>();
		// the visits of the period first (each carries its lead's pipeline), then their
		// leads' owners
		jdbc.sql("select w.owner, w.week, sum(w.prospecting) as prospecting, sum(1 - w.prospecting) as closing"
				+ " from (select t.owner, " + week + " as week, t.prospecting"
				+ " from (select l.owner, v.entered_at as at, case when v.stage_id = :first then 1 else 0"
				+ " end as prospecting from pw_stage_visit v join pw_lead l on l.id = v.lead_id"
				+ " where v.pipeline_key = :pipeline and v.entered_at >= :w0 and v.entered_at < " + last + " and "
				+ leads(owners) + " and l.owner is not null"
				+ " union all select l.owner, l.closed_at, 0 from pw_lead l where " + leads(owners)
				+ " and l.owner is not null and l.status = 'won' and l.closed_at >= :w0 and l.closed_at < " + last
				+ ") t) w group by w.owner, w.week")
			.params(params)
			.query((ResultSet rs) -> {
				work.add(new Work(rs.getString("owner"), rs.getInt("week"), rs.getLong("prospecting"),
						rs.getLong("closing")));
			});
		return work;
	}

	/** The pipeline's leads, of the given owners only unless null. */
	private static String leads(Set<String> owners) {
		return "l.pipeline_key = :pipeline"
				+ (owners == null ? "" : owners.isEmpty() ? " and 1 = 0" : " and l.owner in (:owners)");
	}

	private static Map<String, Object> params(String pipelineKey, Set<String> owners) {
		Map<String, Object> params = new HashMap<>();
		params.put("pipeline", pipelineKey);
		if (owners != null && !owners.isEmpty()) {
			params.put("owners", owners);
		}
		return params;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return time == null ? null : time.toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

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
		// two range scans, each on its own index, rather than one OR that neither serves
		String tasks = "select t.lead_id, t.outcome, t.due_at, t.ended_at from pw_stage_task t"
				+ " where t.outcome = 'done' and t.ended_at >= :from and t.ended_at < :to"
				+ " union all select t.lead_id, t.outcome, t.due_at, t.ended_at from pw_stage_task t"
				+ " where t.outcome <> 'done' and t.due_at >= :from and t.due_at < :to"
				+ " and t.due_at < coalesce(t.ended_at, :now)";
		jdbc.sql("select l.owner, count(*) as whole, sum(case when t.outcome = 'done'"
				+ " and (t.due_at is null or t.ended_at <= t.due_at) then 1 else 0 end) as part from (" + tasks
				+ ") t join pw_lead l on l.id = t.lead_id where " + leads(owners) + " group by l.owner")
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
		jdbc.sql("select l.owner, count(*) as whole, sum(case when"
				+ " exists (select 1 from pw_lead_event e where e.lead_id = l.id and e.occurred_at >= :since"
				+ " and e.type in (:touches))"
				+ " or exists (select 1 from pw_stage_task t where t.lead_id = l.id and t.outcome = 'done'"
				+ " and t.ended_at >= :since)"
				+ " or exists (select 1 from pw_stage_visit v where v.lead_id = l.id and v.entered_at >= :since)"
				+ " then 1 else 0 end) as part from pw_lead l where " + leads(owners) + " and l.status = 'open'"
				+ " group by l.owner")
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

	/** One piece of work on a lead: a stage entered, or (stage null) a win. */
	record Work(String owner, String stageId, Instant at) {
	}

	/** The stage entries and wins of the pipeline's owned leads in [from, to). */
	List<Work> work(String pipelineKey, Set<String> owners, Instant from, Instant to) {
		Map<String, Object> params = params(pipelineKey, owners);
		params.put("from", utc(from));
		params.put("to", utc(to));
		List<Work> work = new ArrayList<>(jdbc
			.sql("select l.owner, v.stage_id, v.entered_at from pw_stage_visit v join pw_lead l on l.id = v.lead_id"
					+ " where " + leads(owners) + " and l.owner is not null and v.entered_at >= :from"
					+ " and v.entered_at < :to")
			.params(params)
			.query((rs, n) -> new Work(rs.getString("owner"), rs.getString("stage_id"), instant(rs, "entered_at")))
			.list());
		work.addAll(jdbc
			.sql("select l.owner, l.closed_at from pw_lead l where " + leads(owners) + " and l.owner is not null"
					+ " and l.status = 'won' and l.closed_at >= :from and l.closed_at < :to")
			.params(params)
			.query((rs, n) -> new Work(rs.getString("owner"), null, instant(rs, "closed_at")))
			.list());
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

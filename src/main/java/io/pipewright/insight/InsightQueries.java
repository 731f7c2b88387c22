package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

/**
 * Insight reads Pipewright's own tables (leads and the stage visits written in the
 * engine's transaction), never the engine's history, and lets the database do the
 * counting: a few rows come back, however many leads there are.
 */
@Repository
class InsightQueries {

	/** A stage's bit in a lead's mask of visited stages; a bigint holds 63. */
	static final int MAX_STAGES = 62;

	private static final BigDecimal SECONDS_A_DAY = BigDecimal.valueOf(86_400);

	private final JdbcClient jdbc;

	/** Whole and fractional days from one timestamp column to another, as SQL. */
	private final BiFunction<String, String, String> days;

	/**
	 * Seconds from one timestamp column to another, as SQL: whole on H2; on PostgreSQL
	 * with their fraction, as a double (date_part, where extract's numeric is several
	 * times slower to compute over a year of visits).
	 */
	private final BiFunction<String, String, String> seconds;

	/**
	 * A number of seconds (SQL) as tenths of a day rounded half away from zero, as SQL:
	 * integer arithmetic, which H2 does in a third less time than rounding a decimal.
	 */
	private final UnaryOperator<String> tenths;

	InsightQueries(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		boolean postgres = "PostgreSQL".equalsIgnoreCase(product(dataSource));
		this.seconds = postgres ? (from, to) -> "date_part('epoch', " + to + " - " + from + ")"
				: (from, to) -> "datediff('SECOND', " + from + ", " + to + ")";
		this.days = postgres ? (from, to) -> "(extract(epoch from (" + to + " - " + from + ")) / 86400.0)"
				: (from, to) -> "(" + seconds.apply(from, to) + " / 86400.0)";
		this.tenths = postgres ? s -> "sign(" + s + ") * floor((abs(" + s + ") + 4320) / 8640)"
				: s -> "sign(" + s + ") * ((abs(" + s + ") + 4320) / 8640)";
	}

	/**
	 * The database's name: the timestamp arithmetic is the one thing H2 and PostgreSQL
	 * write differently; everything else, the percentiles included, is the same SQL on
	 * both.
	 */
	private static String product(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database insight runs on", ex);
		}
	}

	/**
	 * How the leads created in the period went, stage by stage. Each lead keeps a mask of
	 * the stages it entered ({@code pw_lead.stage_mask}, a bit per stage as
	 * {@code pw_stage_bit} gives them), so the database groups leads by (mask, status)
	 * without reading a visit, and the few groups are sorted out here into model order.
	 * Stages the model no longer has count for no stage, but their leads still count in
	 * the totals.
	 */
	FunnelCounts funnel(String pipelineKey, List<String> stageIds, Instant from, Instant to, FunnelFilter filter) {
		return funnelByOwner(pipelineKey, stageIds, from, to, filter, false).getOrDefault(ALL,
				FunnelCounts.of(stageIds.size(), List.of()));
	}

	/**
	 * The funnel of each owner's leads created in the period, as {@link #funnel} counts
	 * it, in one statement; leads without an owner are left out.
	 */
	Map<String, FunnelCounts> funnelByOwner(String pipelineKey, List<String> stageIds, Instant from, Instant to,
			FunnelFilter filter) {
		return funnelByOwner(pipelineKey, stageIds, from, to, filter, true);
	}

	private static final String ALL = "";

	private Map<String, FunnelCounts> funnelByOwner(String pipelineKey, List<String> stageIds, Instant from, Instant to,
			FunnelFilter filter, boolean byOwner) {
		if (stageIds.size() > MAX_STAGES) {
			throw new IllegalStateException("Pipeline '" + pipelineKey + "' has " + stageIds.size()
					+ " stages; insight counts at most " + MAX_STAGES);
		}
		Map<String, Object> params = new LinkedHashMap<>();
		String where = leadsWhere("l.created_at", pipelineKey, from, to, filter, params)
				+ (byOwner ? " and l.owner is not null" : "");
		String owner = byOwner ? "l.owner" : "''";
		Map<String, Integer> bits = bits(pipelineKey);
		String sql;
		if (bits.size() < MAX_STAGES) {
			sql = "select " + owner
					+ " as owner, l.stage_mask as mask, l.status, count(*) as leads from pw_lead l where " + where
					+ " group by " + (byOwner ? "l.owner, " : "") + "l.stage_mask, l.status";
		}
		else {
			// more stages than a mask holds: fold each lead's visits into a mask of the
			// model's stages here
			sql = "select m.owner, m.mask, m.status, count(*) as leads from (select l.id, " + owner
					+ " as owner, l.status, " + mask(stageIds, params)
					+ " as mask from pw_lead l left join pw_stage_visit v on v.lead_id = l.id where " + where
					+ " group by l.id, l.owner, l.status) m group by m.owner, m.mask, m.status";
			bits = null;
		}
		long[] inModel = inModel(stageIds, bits);
		Map<String, List<Group>> groups = new TreeMap<>();
		jdbc.sql(sql)
			.params(params)
			.query((rs, n) -> groups.computeIfAbsent(rs.getString("owner"), o -> new ArrayList<>())
				.add(new Group(modelMask(rs.getLong("mask"), inModel), rs.getString("status"), rs.getLong("leads"))))
			.list();
		Map<String, FunnelCounts> counts = new TreeMap<>();
		groups.forEach((key, owned) -> counts.put(key, FunnelCounts.of(stageIds.size(), owned)));
		return counts;
	}

	/** Each stage's bit in the pipeline's masks, by stage id. */
	private Map<String, Integer> bits(String pipelineKey) {
		Map<String, Integer> bits = new HashMap<>();
		jdbc.sql("select stage_id, bit from pw_stage_bit where pipeline_key = ?")
			.param(pipelineKey)
			.query((rs, n) -> bits.put(rs.getString("stage_id"), rs.getInt("bit")))
			.list();
		return bits;
	}

	/**
	 * For each stage in model order, its bit in a stored mask (0 when no lead has entered
	 * it); null bits: the masks are in model order already.
	 */
	private static long[] inModel(List<String> stageIds, Map<String, Integer> bits) {
		long[] stored = new long[stageIds.size()];
		for (int i = 0; i < stored.length; i++) {
			Integer bit = bits == null ? Integer.valueOf(i) : bits.get(stageIds.get(i));
			stored[i] = bit == null ? 0 : 1L << bit;
		}
		return stored;
	}

	/** A stored mask as a mask of the model's stages, bit i for the i-th. */
	private static long modelMask(long storedMask, long[] inModel) {
		long mask = 0;
		for (int i = 0; i < inModel.length; i++) {
			if ((storedMask & inModel[i]) != 0) {
				mask |= 1L << i;
			}
		}
		return mask;
	}

	/**
	 * Each lead's visited stages as one mask (bit i: the i-th stage in model order), as
	 * SQL over {@code pw_stage_visit v}; the stage ids put in params.
	 */
	private static String mask(List<String> stageIds, Map<String, Object> params) {
		if (stageIds.size() > MAX_STAGES) {
			throw new IllegalStateException(
					"A pipeline has " + stageIds.size() + " stages; insight counts at most " + MAX_STAGES);
		}
		// one max per stage rather than bit_or (which H2 and PostgreSQL name differently)
		// or sum(distinct ...) (which sorts each lead's visits): a stage entered twice
		// still counts once
		StringBuilder mask = new StringBuilder();
		for (int i = 0; i < stageIds.size(); i++) {
			mask.append(i == 0 ? "" : " + ")
				.append("max(case when v.stage_id = :s")
				.append(i)
				.append(" then ")
				.append(1L << i)
				.append(" else 0 end)");
			params.put("s" + i, stageIds.get(i));
		}
		return stageIds.isEmpty() ? "0" : "coalesce(" + mask + ", 0)";
	}

	/**
	 * How many times each stage was entered in [from, to), by leads of the pipeline: the
	 * period's visits by their entered_at index, each carrying its lead's pipeline.
	 */
	Map<String, Long> entries(String pipelineKey, Instant from, Instant to) {
		Map<String, Long> entries = new HashMap<>();
		jdbc.sql("""
				select v.stage_id, count(*) as entries from pw_stage_visit v
				where v.entered_at >= :from and v.entered_at < :to and v.pipeline_key = :pipeline
				group by v.stage_id
				""")
			.param("pipeline", pipelineKey)
			.param("from", utc(from))
			.param("to", utc(to))
			.query((rs, n) -> entries.put(rs.getString("stage_id"), rs.getLong("entries")))
			.list();
		return entries;
	}

	/** Won and lost leads closed in [from, to), per status and currency. */
	List<Closed> closed(String pipelineKey, Instant from, Instant to, FunnelFilter filter) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = closedWhere(pipelineKey, from, to, filter, params);
		return jdbc
			.sql("select l.status, l.currency, count(*) as leads, sum(l.amount) as total from pw_lead l where " + where
					+ " group by l.status, l.currency")
			.params(params)
			.query((rs, n) -> new Closed(rs.getString("status"), rs.getString("currency"), rs.getLong("leads"),
					rs.getBigDecimal("total")))
			.list();
	}

	/** Days from creation to the win, of the won leads closed in [from, to). */
	OutcomesView.Spread cycle(String pipelineKey, Instant from, Instant to, FunnelFilter filter) {
		Map<String, Object> params = new LinkedHashMap<>();
		String where = closedWhere(pipelineKey, from, to, filter, params) + " and l.status = 'won'";
		return jdbc
			.sql("select " + spread(days.apply("l.created_at", "l.closed_at")) + " from pw_lead l where " + where)
			.params(params)
			.query((rs, n) -> spread(rs))
			.single();
	}

	/**
	 * Days in each stage, of the ended visits of the leads closed in [from, to). A
	 * period's visits run to the hundreds of thousands: the database counts them per
	 * stage and tenth of a day (no sort), and the percentiles are read off those counts
	 * here, exact to the tenth of a day they are shown in.
	 */
	Map<String, OutcomesView.Spread> stageTimes(String pipelineKey, Instant from, Instant to, FunnelFilter filter) {
		Map<String, Object> params = new LinkedHashMap<>();
		String stay = seconds.apply("v.entered_at", "v.left_at");
		Map<String, Tenths> counted = new HashMap<>();
		jdbc.sql("select v.stage_id, " + tenths.apply(stay) + " as tenth, count(*) as visits, sum(" + stay
				+ ") as total" + closedVisits(pipelineKey, from, to, filter, params)
				+ " and v.left_at is not null group by v.stage_id, tenth")
			.params(params)
			.query((ResultSet rs) -> {
				counted.computeIfAbsent(rs.getString("stage_id"), stage -> new Tenths())
					.add(BigDecimal.valueOf(rs.getLong("tenth"), 1), rs.getLong("visits"),
							rs.getBigDecimal("total").divide(SECONDS_A_DAY, MathContext.DECIMAL64));
			});
		Map<String, OutcomesView.Spread> times = new HashMap<>();
		counted.forEach((stage, spread) -> times.put(stage, spread.spread()));
		return times;
	}

	/**
	 * Days from first entering the ask stage to the close, of the leads closed in [from,
	 * to) that entered it.
	 */
	OutcomesView.Spread askToDecision(String pipelineKey, String askStage, Instant from, Instant to,
			FunnelFilter filter) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("ask", askStage);
		return jdbc.sql("select " + spread(days.apply("a.entered_at", "a.closed_at"))
				+ " from (select v.lead_id, min(v.entered_at) as entered_at, min(v.lead_closed_at) as closed_at"
				+ closedVisits(pipelineKey, from, to, filter, params) + " and v.stage_id = :ask group by v.lead_id) a")
			.params(params)
			.query((rs, n) -> spread(rs))
			.single();
	}

	/**
	 * Days from first reporting the fact true to the close, of the leads closed in [from,
	 * to) that reported it. Facts are kept as the JSON of each report
	 * ({"fact":true,...}), so the reports naming it true are found by their text.
	 */
	OutcomesView.Spread askFactToDecision(String pipelineKey, String fact, Instant from, Instant to,
			FunnelFilter filter) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("pipeline", pipelineKey);
		params.put("fact", fact);
		params.put("from", utc(from));
		params.put("to", utc(to));
		StringBuilder lead = new StringBuilder();
		filtered(lead, params, filter);
		// each closed lead's first report of the fact as true, kept as it was reported
		return jdbc
			.sql("select " + spread(days.apply("f.first_true_at", "f.lead_closed_at"))
					+ " from pw_lead_fact f where f.pipeline_key = :pipeline and f.fact = :fact"
					+ " and f.lead_closed_at >= :from and f.lead_closed_at < :to"
					+ (lead.isEmpty() ? ""
							: " and exists (select 1 from pw_lead l where l.id = f.lead_id" + lead + ")"))
			.params(params)
			.query((rs, n) -> spread(rs))
			.single();
	}

	/**
	 * From and where of the stage visits of the pipeline's leads closed in [from, to): a
	 * range of the visits' own index, each visit asking for its lead only when the filter
	 * names something of the lead.
	 */
	private static String closedVisits(String pipelineKey, Instant from, Instant to, FunnelFilter filter,
			Map<String, Object> params) {
		params.put("pipeline", pipelineKey);
		params.put("from", utc(from));
		params.put("to", utc(to));
		StringBuilder lead = new StringBuilder();
		filtered(lead, params, filter);
		return " from pw_stage_visit v where v.pipeline_key = :pipeline and v.lead_closed_at >= :from"
				+ " and v.lead_closed_at < :to"
				+ (lead.isEmpty() ? "" : " and exists (select 1 from pw_lead l where l.id = v.lead_id" + lead + ")");
	}

	private static String spread(String value) {
		return "count(" + value + ") as measured, percentile_cont(0.5) within group (order by " + value
				+ ") as median, percentile_cont(0.25) within group (order by " + value
				+ ") as p25, percentile_cont(0.75) within group (order by " + value + ") as p75, avg(" + value
				+ ") as average";
	}

	private static OutcomesView.Spread spread(ResultSet rs) throws SQLException {
		long measured = rs.getLong("measured");
		return new OutcomesView.Spread(measured, days(rs.getBigDecimal("median")), days(rs.getBigDecimal("p25")),
				days(rs.getBigDecimal("p75")), days(rs.getBigDecimal("average")));
	}

	/** Days to one decimal: a tenth of a day is finer than anyone steers by. */
	private static BigDecimal days(BigDecimal value) {
		return value == null ? null : value.setScale(1, RoundingMode.HALF_UP);
	}

	private static String closedWhere(String pipelineKey, Instant from, Instant to, FunnelFilter filter,
			Map<String, Object> params) {
		return leadsWhere("l.closed_at", pipelineKey, from, to, filter, params) + " and l.status in ('won', 'lost')";
	}

	/**
	 * The leads of the pipeline whose {@code time} column lies in [from, to), narrowed by
	 * the filter: the condition on {@code pw_lead l}, its parameters put in params.
	 */
	private static String leadsWhere(String time, String pipelineKey, Instant from, Instant to, FunnelFilter filter,
			Map<String, Object> params) {
		StringBuilder where = new StringBuilder(
				"l.pipeline_key = :pipeline and " + time + " >= :from and " + time + " < :to");
		params.put("pipeline", pipelineKey);
		params.put("from", utc(from));
		params.put("to", utc(to));
		filtered(where, params, filter);
		return where.toString();
	}

	/** The filter's conditions on {@code pw_lead l}, each starting with " and ". */
	private static void filtered(StringBuilder where, Map<String, Object> params, FunnelFilter filter) {
		condition(where, params, "owner", filter.owner());
		condition(where, params, "territory", filter.territory());
		condition(where, params, "product_line", filter.productLine());
		condition(where, params, "source", filter.source());
		if (filter.owners() != null) {
			where.append(filter.owners().isEmpty() ? " and 1 = 0" : " and l.owner in (:owners)");
			params.put("owners", filter.owners());
		}
	}

	/** Closed leads of one status and currency. */
	record Closed(String status, String currency, long leads, BigDecimal total) {
	}

	/** Leads of the pipeline won in [from, to). */
	long won(String pipelineKey, Instant from, Instant to) {
		return jdbc.sql("""
				select count(*) from pw_lead
				where pipeline_key = :pipeline and status = 'won' and closed_at >= :from and closed_at < :to
				""")
			.param("pipeline", pipelineKey)
			.param("from", utc(from))
			.param("to", utc(to))
			.query(Long.class)
			.single();
	}

	/**
	 * Whether anyone ever owned a lead under this name (a rep who has left still has a
	 * history).
	 */
	boolean hasOwned(String owner) {
		return !jdbc.sql("select 1 from pw_lead where owner = ? limit 1").param(owner).query().listOfRows().isEmpty();
	}

	private static void condition(StringBuilder where, Map<String, Object> params, String column, String value) {
		if (value != null) {
			where.append(" and l.").append(column).append(" = :").append(column);
			params.put(column, value);
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** The leads that entered the same stages and share a status. */
	record Group(long mask, String status, long leads) {
	}

}

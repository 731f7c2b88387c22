package io.pipewright.board;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The board's reads of Pipewright's lead tables. Each is one statement for the whole
 * board (or the shown cards), never one per card.
 */
@Repository
class BoardQueries {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	BoardQueries(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** One stage's open leads in one currency: how many, and their summed value. */
	record Total(String stageId, String currency, long count, BigDecimal value) {
	}

	record Card(String id, String name, String company, BigDecimal value, String currency, String owner, String stageId,
			Instant stageEnteredAt) {
	}

	/** Counts and sums of every column at once: one grouped query over pw_lead. */
	List<Total> totals(String pipeline, BoardFilter filter) {
		Where where = where(pipeline, filter);
		return jdbc
			.sql("select stage_id, currency, count(*) as n, sum(amount) as total from pw_lead where " + where.sql
					+ " group by stage_id, currency")
			.params(where.params)
			.query((rs, n) -> new Total(rs.getString("stage_id"), rs.getString("currency"), rs.getLong("n"),
					rs.getBigDecimal("total")))
			.list();
	}

	/** One page of a column's cards, the most recent stage entry first. */
	List<Card> cards(String pipeline, BoardFilter filter, String stageId, int page, int size) {
		Where where = where(pipeline, filter);
		where.params.put("stage", stageId);
		where.params.put("limit", size);
		where.params.put("offset", page * size);
		return jdbc
			.sql("select id, name, company, amount, currency, owner, stage_id, stage_entered_at from pw_lead"
					+ " where " + where.sql + " and stage_id = :stage order by stage_entered_at desc, id"
					+ " limit :limit offset :offset")
			.params(where.params)
			.query((rs, n) -> new Card(rs.getString("id"), rs.getString("name"), rs.getString("company"),
					rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("owner"),
					rs.getString("stage_id"), instant(rs, "stage_entered_at")))
			.list();
	}

	/** Open tasks past their due date, by lead, for the shown cards only. */
	Map<String, Integer> overdueTasks(Collection<String> leadIds, Instant now) {
		Map<String, Integer> overdue = new HashMap<>();
		if (leadIds.isEmpty()) {
			return overdue;
		}
		jdbc.sql("""
				select lead_id, count(*) as n from pw_stage_task
				where outcome = 'open' and due_at < :now and lead_id in (:ids) group by lead_id
				""")
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.param("ids", leadIds)
			.query((ResultSet rs) -> {
				overdue.put(rs.getString("lead_id"), rs.getInt("n"));
			});
		return overdue;
	}

	/** The values a filter's select offers: those the open leads of the pipeline hold. */
	List<String> values(String pipeline, String column, Set<String> owners) {
		if (!Set.of("owner", "territory", "product_line", "source").contains(column)) {
			throw new IllegalArgumentException("Not a filter column: " + column);
		}
		Where where = where(pipeline, new BoardFilter(null, null, null, null, null, owners));
		return jdbc
			.sql("select distinct " + column + " from pw_lead where " + where.sql + " and " + column
					+ " is not null order by " + column)
			.params(where.params)
			.query(String.class)
			.list();
	}

	private record Where(String sql, Map<String, Object> params) {
	}

	private static Where where(String pipeline, BoardFilter filter) {
		StringBuilder sql = new StringBuilder("status = 'open' and pipeline_key = :pipeline");
		Map<String, Object> params = new HashMap<>();
		params.put("pipeline", pipeline);
		if (filter.owners() != null) {
			if (filter.owners().isEmpty()) {
				sql.append(" and 1 = 0");
			}
			else {
				sql.append(" and owner in (:owners)");
				params.put("owners", filter.owners());
			}
		}
		equal(sql, params, "owner", filter.owner());
		equal(sql, params, "territory", filter.territory());
		equal(sql, params, "product_line", filter.productLine());
		equal(sql, params, "source", filter.source());
		if (filter.search() != null) {
			sql.append(" and (lower(company) like :search or lower(name) like :search)");
			params.put("search",
					"%" + filter.search().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%");
		}
		return new Where(sql.toString(), params);
	}

	private static void equal(StringBuilder sql, Map<String, Object> params, String column, String value) {
		if (value != null) {
			sql.append(" and ").append(column).append(" = :").append(column);
			params.put(column, value);
		}
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return time == null ? null : time.toInstant();
	}

}

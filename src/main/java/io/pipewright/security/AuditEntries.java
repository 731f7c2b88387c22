package io.pipewright.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the audit from two tables, newest first: the lead events that the lead feature
 * writes with every change of a lead (pw_lead_event, shown as {@code lead.<type>} with
 * the lead as subject), and pw_audit_entry for everything else. Lead changes are written
 * once, where the lead's timeline already needs them, so the two can never disagree, a
 * lead change costs no second insert, and whatever scrubs a lead's events (erasure)
 * scrubs its audit too.
 */
@Repository
class AuditEntries {

	private static final String LEAD_KIND = "lead";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	AuditEntries(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	record Page(List<AuditEntry> entries, long total) {
	}

	Page find(AuditFilter filter, int page, int size) {
		Map<String, Object> params = new HashMap<>();
		List<String> parts = new ArrayList<>();
		if (filter.action() == null || LEAD_KIND.equals(filter.kind())) {
			parts.add(leadEvents(filter, params));
		}
		parts.add(entries(filter, params));
		String union = String.join(" union all ", parts);
		long total = jdbc.sql("select count(*) from (" + union + ") e").params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<AuditEntry> entries = jdbc
			.sql("select * from (" + union + ") e order by occurred_at desc, src, id desc limit :limit offset :offset")
			.params(params)
			.query((rs, n) -> entry(rs))
			.list();
		return new Page(entries, total);
	}

	private static String leadEvents(AuditFilter filter, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder("""
				select 'lead-event' as src, id, occurred_at, coalesce(actor, 'system') as actor, type as action,
				lead_id as subject, detail from pw_lead_event where 1 = 1""");
		if (filter.lead() != null) {
			sql.append(" and lead_id = :lead");
			params.put("lead", filter.lead());
		}
		if (filter.subject() != null) {
			sql.append(" and lead_id = :subject");
			params.put("subject", filter.subject());
		}
		if (filter.actor() != null) {
			sql.append(" and coalesce(actor, 'system') = :actor");
			params.put("actor", filter.actor());
		}
		if (filter.action() != null && !filter.wholeKind()) {
			// lead.close-date-changed is the event type CLOSE_DATE_CHANGED
			sql.append(" and type = :type");
			params.put("type",
					filter.action().substring(LEAD_KIND.length() + 1).replace('-', '_').toUpperCase(Locale.ROOT));
		}
		times(sql, filter, params);
		return sql.toString();
	}

	private static String entries(AuditFilter filter, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder("""
				select 'audit' as src, id, occurred_at, actor, action, subject, detail from pw_audit_entry
				where 1 = 1""");
		if (filter.lead() != null) {
			// what else happened to the lead: its erasure, say
			sql.append(" and subject = :lead and action like 'lead.%'");
			params.put("lead", filter.lead());
		}
		if (filter.subject() != null) {
			sql.append(" and subject = :subject");
			params.put("subject", filter.subject());
		}
		if (filter.actor() != null) {
			sql.append(" and actor = :actor");
			params.put("actor", filter.actor());
		}
		if (filter.wholeKind()) {
			// the pattern allows neither % nor _
			sql.append(" and action like :kind");
			params.put("kind", filter.action() + ".%");
		}
		else if (filter.action() != null) {
			sql.append(" and action = :action");
			params.put("action", filter.action());
		}
		times(sql, filter, params);
		return sql.toString();
	}

	private static void times(StringBuilder sql, AuditFilter filter, Map<String, Object> params) {
		if (filter.from() != null) {
			sql.append(" and occurred_at >= :from");
			params.put("from", filter.from().atOffset(ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			sql.append(" and occurred_at < :to");
			params.put("to", filter.to().atOffset(ZoneOffset.UTC));
		}
	}

	private AuditEntry entry(ResultSet rs) throws SQLException {
		boolean lead = "lead-event".equals(rs.getString("src"));
		String action = rs.getString("action");
		if (lead) {
			action = LEAD_KIND + "." + action.toLowerCase(Locale.ROOT).replace('_', '-');
		}
		OffsetDateTime at = rs.getObject("occurred_at", OffsetDateTime.class);
		return new AuditEntry(rs.getString("src") + "-" + rs.getLong("id"), at == null ? null : at.toInstant(),
				rs.getString("actor"), action, rs.getString("subject"), read(rs.getString("detail")));
	}

	private JsonNode read(String detail) {
		if (detail == null) {
			return null;
		}
		try {
			return json.readTree(detail);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable audit detail: " + detail, ex);
		}
	}

}

package io.pipewright.lead;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** What happened to a lead, who did it, and the details, oldest first. */
@Repository
class LeadEvents {

	static final String CREATED = "CREATED";

	static final String FACTS_REPORTED = "FACTS_REPORTED";

	static final String FIELDS_CHANGED = "FIELDS_CHANGED";

	static final String OWNER_CHANGED = "OWNER_CHANGED";

	/** The pipeline's assign-lead task picked an owner (who may be the same). */
	static final String OWNER_ASSIGNED = "OWNER_ASSIGNED";

	static final String CLOSE_DATE_CHANGED = "CLOSE_DATE_CHANGED";

	static final String WON = "WON";

	static final String LOST = "LOST";

	/** Moved to a newer version of its pipeline; detail: from, to, stage. */
	static final String MIGRATED = "MIGRATED";

	/** The person's data was erased on request; no detail. */
	static final String ERASED = "ERASED";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	LeadEvents(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void append(String leadId, String type, String actor, Map<String, ?> detail, Instant at) {
		insert(leadId, type, actor, detail, at).update();
	}

	/**
	 * Appends an event and tells its id, for a detail that may grow before the commit.
	 */
	long appendForRewrite(String leadId, String type, String actor, Map<String, ?> detail, Instant at) {
		KeyHolder id = new GeneratedKeyHolder();
		insert(leadId, type, actor, detail, at).update(id, "id");
		return id.getKeyAs(Number.class).longValue();
	}

	private JdbcClient.StatementSpec insert(String leadId, String type, String actor, Map<String, ?> detail,
			Instant at) {
		try {
			return jdbc
				.sql("insert into pw_lead_event (lead_id, occurred_at, type, actor, detail) values (?, ?, ?, ?, ?)")
				.params(leadId, Leads.utc(at), type, actor, json.writeValueAsString(detail));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot record " + type + " for lead " + leadId, ex);
		}
	}

	/** One recorded event, its detail as stored. */
	record Stored(long id, String type, Map<String, Object> detail) {
	}

	/** Every event of the lead, oldest first, with its detail read. */
	List<Stored> of(String leadId) {
		return jdbc.sql("select id, type, detail from pw_lead_event where lead_id = ? order by id")
			.param(leadId)
			.query((rs, n) -> new Stored(rs.getLong("id"), rs.getString("type"), detail(rs.getString("detail"))))
			.list();
	}

	/** Replaces an event's detail; its type, actor and time stay. */
	void rewrite(long id, Map<String, ?> detail) {
		try {
			jdbc.sql("update pw_lead_event set detail = ? where id = ?")
				.params(detail == null ? null : json.writeValueAsString(detail), id)
				.update();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot rewrite lead event " + id, ex);
		}
	}

	/** An event's stored detail as read back; null when it has none. */
	Map<String, Object> detail(String detail) {
		if (detail == null) {
			return null;
		}
		try {
			return json.readValue(detail, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable lead event detail: " + detail, ex);
		}
	}

	List<CloseDateChange> closeDateChanges(String leadId) {
		return jdbc.sql("""
				select occurred_at, actor, detail from pw_lead_event where lead_id = ? and type = ?
				order by occurred_at, id
				""").params(leadId, CLOSE_DATE_CHANGED).query((rs, n) -> {
			Map<String, String> d = read(rs.getString("detail"));
			return new CloseDateChange(date(d.get("from")), date(d.get("to")), Leads.instant(rs, "occurred_at"),
					rs.getString("actor"));
		}).list();
	}

	/**
	 * How often each lead's expected close date moved later; leads whose date never did
	 * are missing. Read in slices, so any number of leads can be asked about.
	 */
	Map<String, Integer> closeDateSlips(Collection<String> leadIds) {
		Map<String, Integer> slips = new HashMap<>();
		List<String> ids = List.copyOf(leadIds);
		for (int from = 0; from < ids.size(); from += 1000) {
			jdbc.sql("select lead_id, detail from pw_lead_event where type = :type and lead_id in (:ids)")
				.param("type", CLOSE_DATE_CHANGED)
				.param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
				.query((rs, n) -> {
					Map<String, String> change = read(rs.getString("detail"));
					String before = change.get("from");
					String after = change.get("to");
					// ISO dates compare as text
					if (before != null && after != null && after.compareTo(before) > 0) {
						slips.merge(rs.getString("lead_id"), 1, Integer::sum);
					}
					return null;
				})
				.list();
		}
		return slips;
	}

	private Map<String, String> read(String detail) {
		try {
			return json.readValue(detail, new TypeReference<Map<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Unreadable lead event detail: " + detail, ex);
		}
	}

	private static LocalDate date(String text) {
		return text == null ? null : LocalDate.parse(text);
	}

	/**
	 * One change of the expected close date; a slipping deal shows as several of these.
	 */
	public record CloseDateChange(LocalDate from, LocalDate to, Instant changedAt, String changedBy) {
	}

}

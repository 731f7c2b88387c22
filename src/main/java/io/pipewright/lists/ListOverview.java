package io.pipewright.lists;

import static io.pipewright.lists.ListMemberships.instant;

import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What marketing reads about the audiences: their counts, each lead's wanted and current
 * membership, and the recent changes with what MailChimp said. For the API and the list
 * page alike.
 */
@Service
public class ListOverview {

	/** The states a change can be in, for filters. */
	public static final List<String> STATES = List.of(ListMemberships.PENDING, ListMemberships.SYNCED,
			ListMemberships.FAILED, ListMemberships.SUPERSEDED);

	private final JdbcClient jdbc;

	private final MailChimpProperties properties;

	private final ListSync sync;

	private final Pipelines pipelines;

	ListOverview(JdbcClient jdbc, MailChimpProperties properties, ListSync sync, Pipelines pipelines) {
		this.jdbc = jdbc;
		this.pipelines = pipelines;
		this.properties = properties;
		this.sync = sync;
	}

	/** Whether changes are sent to MailChimp; off without an API key. */
	public boolean syncOn() {
		return properties.enabled();
	}

	/**
	 * An audience some pipeline wanted a change on.
	 *
	 * @param subscribed leads MailChimp last accepted as subscribed
	 * @param unsubscribed leads MailChimp last accepted as unsubscribed
	 * @param erased leads whose person MailChimp deleted for good, on request
	 */
	public record Audience(String listId, long subscribed, long unsubscribed, long erased, long pending, long failed,
			Instant lastSyncedAt) {
	}

	/**
	 * One wanted change, with the lead it is for and what MailChimp made of it.
	 *
	 * @param stageName the stage's name in the pipeline's latest version ({@code null}
	 * when no longer there)
	 * @param erase the lead's person was erased on request: MailChimp is to delete them
	 * for good (no pipeline or stage asked)
	 */
	public record Change(long id, String listId, String leadId, String leadName, String company, String email,
			boolean subscribed, boolean erase, List<String> tags, String stageId, String stageName, String pipelineKey,
			String pipelineName, Instant requestedAt, String state, Instant syncedAt, int attempts,
			Instant nextAttemptAt, String errorTitle, String errorDetail) {

		Change named(Map<String, Optional<Pipeline>> pipelines, Pipelines all) {
			Optional<Pipeline> pipeline = pipelineKey == null ? Optional.empty()
					: pipelines.computeIfAbsent(pipelineKey, all::find);
			String stage = pipeline.flatMap(p -> p.stages().stream().filter(s -> s.id().equals(stageId)).findFirst())
				.map(Pipeline.Stage::name)
				.orElse(null);
			return new Change(id, listId, leadId, leadName, company, email, subscribed, erase, tags, stageId, stage,
					pipelineKey, pipeline.map(Pipeline::name).orElse(null), requestedAt, state, syncedAt, attempts,
					nextAttemptAt, errorTitle, errorDetail);
		}

	}

	/** A page of changes, newest first, and how many match in all. */
	public record ChangePage(List<Change> changes, int page, int size, long total) {

		public long totalPages() {
			return (total + size - 1) / size;
		}

	}

	/**
	 * A lead on an audience: what the newest change wants, and what MailChimp last
	 * accepted ({@code null}: nothing yet). {@code erased}: the newest change deletes the
	 * erased person for good; once MailChimp took it ({@code wantedState} synced), it
	 * holds nothing of them.
	 */
	public record Member(String leadId, String leadName, String company, String email, boolean wantedSubscribed,
			boolean erased, String wantedState, Instant requestedAt, Boolean currentSubscribed, Instant syncedAt) {

		/** True while MailChimp does not yet hold what the pipeline wants. */
		@JsonProperty
		public boolean differs() {
			if (erased) {
				return !ListMemberships.SYNCED.equals(wantedState);
			}
			return currentSubscribed == null || currentSubscribed != wantedSubscribed;
		}

	}

	public List<Audience> audiences() {
		// per audience: subscribed, unsubscribed, erased
		Map<String, long[]> current = new HashMap<>();
		jdbc.sql("""
				select c.list_id, c.subscribed, c.erase, count(*) as n from pw_list_change c
				where c.id in (select max(s.id) from pw_list_change s where s.state = 'synced'
				               group by s.lead_id, s.list_id)
				group by c.list_id, c.subscribed, c.erase
				""").query(rs -> {
			int slot = rs.getBoolean("erase") ? 2 : rs.getBoolean("subscribed") ? 0 : 1;
			current.computeIfAbsent(rs.getString("list_id"), k -> new long[3])[slot] += rs.getLong("n");
		});
		return jdbc.sql("""
				select list_id,
				       sum(case when state = 'pending' then 1 else 0 end) as pending,
				       sum(case when state = 'failed' then 1 else 0 end) as failed,
				       max(synced_at) as last_synced_at
				from pw_list_change group by list_id order by list_id
				""").query((rs, n) -> {
			long[] members = current.getOrDefault(rs.getString("list_id"), new long[3]);
			return new Audience(rs.getString("list_id"), members[0], members[1], members[2], rs.getLong("pending"),
					rs.getLong("failed"), instant(rs.getObject("last_synced_at", OffsetDateTime.class)));
		}).list();
	}

	public Audience audience(String listId) {
		return audiences().stream()
			.filter(a -> a.listId().equals(listId))
			.findFirst()
			.orElseThrow(() -> new UnknownList(listId));
	}

	/** The audience's changes, newest first; {@code state} null for all. */
	public ChangePage changes(String listId, String state, int page, int size) {
		if (state != null && !STATES.contains(state)) {
			throw new io.pipewright.api.InvalidInput("state", "must be one of " + String.join(", ", STATES));
		}
		String where = "c.list_id = :list" + (state == null ? "" : " and c.state = :state");
		var count = jdbc.sql("select count(*) from pw_list_change c where " + where).param("list", listId);
		long total = (state == null ? count : count.param("state", state)).query(Long.class).single();
		if (total == 0 && !exists(listId)) {
			throw new UnknownList(listId);
		}
		var query = jdbc
			.sql("select c.*, l.name as lead_name, l.company, l.email from pw_list_change c"
					+ " left join pw_lead l on l.id = c.lead_id where " + where
					+ " order by c.id desc limit :limit offset :offset")
			.param("list", listId)
			.param("limit", size)
			.param("offset", (long) page * size);
		if (state != null) {
			query = query.param("state", state);
		}
		Map<String, Optional<Pipeline>> named = new HashMap<>();
		List<Change> changes = query.query(ListOverview::change)
			.list()
			.stream()
			.map(change -> change.named(named, pipelines))
			.toList();
		return new ChangePage(changes, page, size, total);
	}

	/** One lead's list changes, oldest first: its own page's timeline shows them. */
	public List<Change> ofLead(String leadId) {
		Map<String, Optional<Pipeline>> named = new HashMap<>();
		return jdbc
			.sql("select c.*, l.name as lead_name, l.company, l.email from pw_list_change c"
					+ " left join pw_lead l on l.id = c.lead_id where c.lead_id = ? order by c.id")
			.param(leadId)
			.query(ListOverview::change)
			.list()
			.stream()
			.map(change -> change.named(named, pipelines))
			.toList();
	}

	public Optional<Change> change(long id) {
		return jdbc
			.sql("select c.*, l.name as lead_name, l.company, l.email from pw_list_change c"
					+ " left join pw_lead l on l.id = c.lead_id where c.id = ?")
			.param(id)
			.query(ListOverview::change)
			.optional()
			.map(change -> change.named(new HashMap<>(), pipelines));
	}

	/** Every lead on the audience, by name. */
	public List<Member> members(String listId) {
		List<Member> members = jdbc.sql("""
				select m.lead_id, l.name, l.company, l.email, w.subscribed as wanted, w.erase, w.state as wanted_state,
				       w.requested_at, s.subscribed as current_subscribed, s.synced_at
				from (select lead_id, max(id) as wanted_id,
				             max(case when state = 'synced' then id end) as synced_id
				      from pw_list_change where list_id = :list group by lead_id) m
				join pw_list_change w on w.id = m.wanted_id
				left join pw_list_change s on s.id = m.synced_id
				left join pw_lead l on l.id = m.lead_id
				order by l.name, m.lead_id
				""")
			.param("list", listId)
			.query((rs, n) -> new Member(rs.getString("lead_id"), rs.getString("name"), rs.getString("company"),
					rs.getString("email"), rs.getBoolean("wanted"), rs.getBoolean("erase"),
					rs.getString("wanted_state"), instant(rs.getObject("requested_at", OffsetDateTime.class)),
					rs.getObject("current_subscribed") == null ? null : rs.getBoolean("current_subscribed"),
					instant(rs.getObject("synced_at", OffsetDateTime.class))))
			.list();
		if (members.isEmpty()) {
			throw new UnknownList(listId);
		}
		return members;
	}

	/**
	 * Puts a failed change back to pending for the sync worker.
	 * @return the change, pending again
	 */
	public Change retry(long id) {
		Change change = change(id).orElseThrow(() -> new UnknownChange(id));
		if (!sync.retry(id)) {
			Change now = change(id).orElse(change);
			throw new ChangeNotFailed(now);
		}
		return change(id).orElseThrow(() -> new UnknownChange(id));
	}

	private boolean exists(String listId) {
		return jdbc.sql("select count(*) from pw_list_change where list_id = ?")
			.param(listId)
			.query(Long.class)
			.single() > 0;
	}

	private static Change change(ResultSet rs, int row) throws SQLException {
		return new Change(rs.getLong("id"), rs.getString("list_id"), rs.getString("lead_id"), rs.getString("lead_name"),
				rs.getString("company"), rs.getString("email"), rs.getBoolean("subscribed"), rs.getBoolean("erase"),
				ListMemberships.tags(rs.getString("tags")), rs.getString("stage_id"), null,
				rs.getString("pipeline_key"), null, instant(rs.getObject("requested_at", OffsetDateTime.class)),
				rs.getString("state"), instant(rs.getObject("synced_at", OffsetDateTime.class)), rs.getInt("attempts"),
				instant(rs.getObject("next_attempt_at", OffsetDateTime.class)), rs.getString("error_title"),
				rs.getString("error_detail"));
	}

}

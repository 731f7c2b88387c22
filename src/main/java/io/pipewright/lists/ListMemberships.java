package io.pipewright.lists;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The wanted list memberships. {@link #want} runs in the caller's transaction, the
 * engine's when a list service task calls it: rolled back with the stage change, or
 * committed with it, never on its own.
 * <p>
 * A change is {@code pending} until the sync worker brings MailChimp to it
 * ({@code synced}), MailChimp refuses it or it runs out of attempts ({@code failed}), or
 * a newer change for the same lead and list makes it moot ({@code superseded}).
 */
@Repository
public class ListMemberships {

	/** A change waiting to reach MailChimp. */
	public static final String PENDING = "pending";

	/** MailChimp holds the change. */
	public static final String SYNCED = "synced";

	/** MailChimp refused the change, or every attempt failed; the error says why. */
	public static final String FAILED = "failed";

	/** A newer change for the same lead and list was wanted before this one was sent. */
	public static final String SUPERSEDED = "superseded";

	private static final int MAX_TITLE = 200;

	private static final int MAX_DETAIL = 2000;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	ListMemberships(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	public void want(WantedMembership wanted) {
		Instant now = ClockUtil.now().toInstant();
		jdbc.sql(
				"""
						insert into pw_list_change (lead_id, list_id, subscribed, tags, pipeline_key, stage_id, requested_at, state)
						values (?, ?, ?, ?, ?, ?, ?, ?)
						""")
			.params(wanted.leadId(), wanted.listId(), wanted.subscribed(),
					wanted.tags().isEmpty() ? null : String.join(",", wanted.tags()), wanted.pipelineKey(),
					wanted.stageId(), utc(now), PENDING)
			.update();
		events.publishEvent(new ListChangeWanted(wanted.leadId(), wanted.listId()));
	}

	/**
	 * The lead's person was erased: MailChimp is to delete them from the audience for
	 * good, under each subscriber hash (never an email). As the newest change of the lead
	 * and list, it makes any change still waiting moot.
	 */
	void wantErased(String leadId, String listId, List<String> subscriberHashes) {
		Instant now = ClockUtil.now().toInstant();
		jdbc.sql("""
				insert into pw_list_change (lead_id, list_id, subscribed, requested_at, state, erase, subscriber_hashes)
				values (?, ?, false, ?, ?, true, ?)
				""").params(leadId, listId, utc(now), PENDING, String.join(",", subscriberHashes)).update();
		events.publishEvent(new ListChangeWanted(leadId, listId));
	}

	/** The audiences any change of the lead was for. */
	List<String> listsOf(String leadId) {
		return jdbc.sql("select distinct list_id from pw_list_change where lead_id = ? order by list_id")
			.param(leadId)
			.query(String.class)
			.list();
	}

	/**
	 * Rewrites the texts the lead's changes keep (tags, which may come from an
	 * expression, and MailChimp's messages, which often quote the email) through
	 * {@code scrub}.
	 */
	void scrubTexts(String leadId, UnaryOperator<String> scrub) {
		record Texts(long id, String tags, String errorTitle, String errorDetail) {

			Texts through(UnaryOperator<String> scrub) {
				return new Texts(id, scrub.apply(tags), scrub.apply(errorTitle), scrub.apply(errorDetail));
			}

		}
		jdbc.sql("select id, tags, error_title, error_detail from pw_list_change where lead_id = ?")
			.param(leadId)
			.query((rs, n) -> new Texts(rs.getLong("id"), rs.getString("tags"), rs.getString("error_title"),
					rs.getString("error_detail")))
			.list()
			.stream()
			.filter(texts -> !texts.equals(texts.through(scrub)))
			.map(texts -> texts.through(scrub))
			.forEach(texts -> jdbc
				.sql("update pw_list_change set tags = ?, error_title = ?, error_detail = ? where id = ?")
				.params(texts.tags(), texts.errorTitle(), texts.errorDetail(), texts.id())
				.update());
	}

	/** Every membership change wanted for a lead, oldest first; erasures left out. */
	public List<WantedMembership> wantedFor(String leadId) {
		return jdbc.sql("""
				select lead_id, list_id, subscribed, tags, pipeline_key, stage_id from pw_list_change
				where lead_id = ? and erase = false order by id
				""")
			.param(leadId)
			.query((rs, n) -> new WantedMembership(rs.getString("lead_id"), rs.getString("list_id"),
					rs.getBoolean("subscribed"), tags(rs.getString("tags")), rs.getString("pipeline_key"),
					rs.getString("stage_id")))
			.list();
	}

	/**
	 * Leads and lists with a pending change that a newer change of theirs has made moot.
	 */
	List<ListChange.Pair> outdated(Instant now) {
		return jdbc.sql("""
				select distinct c.lead_id, c.list_id from pw_list_change c
				where c.state = 'pending' and (c.claimed_until is null or c.claimed_until < :now)
				and exists (select 1 from pw_list_change n
				            where n.lead_id = c.lead_id and n.list_id = c.list_id and n.id > c.id)
				""")
			.param("now", utc(now))
			.query((rs, n) -> new ListChange.Pair(rs.getString("lead_id"), rs.getString("list_id")))
			.list();
	}

	/**
	 * Marks the pair's pending changes that a newer change has made moot. A change
	 * another node is sending right now is left to finish. Must run in a transaction, as
	 * {@link #claim} does.
	 */
	int supersede(ListChange.Pair pair, Instant now) {
		lock(pair);
		return jdbc.sql("""
				update pw_list_change c set state = 'superseded'
				where c.lead_id = :lead and c.list_id = :list and c.state = 'pending'
				and (c.claimed_until is null or c.claimed_until < :now)
				and exists (select 1 from pw_list_change n
				            where n.lead_id = c.lead_id and n.list_id = c.list_id and n.id > c.id)
				""").param("lead", pair.leadId()).param("list", pair.listId()).param("now", utc(now)).update();
	}

	/**
	 * Pending changes that may be sent now: due, claimed by nobody (or by a node whose
	 * claim ran out), the newest of their lead and list, and with no older change of
	 * theirs in flight.
	 */
	List<ListChange> due(Instant now, int limit) {
		return jdbc.sql(DUE.formatted(""))
			.param("now", utc(now))
			.param("limit", limit)
			.query(ListMemberships::change)
			.list();
	}

	/** As {@link #due(Instant, int)}, for one audience. */
	List<ListChange> due(Instant now, String listId, int limit) {
		// an erasure is no subscription: it never goes in a batch subscribe
		return jdbc.sql(DUE.formatted("and c.list_id = :list and c.erase = false"))
			.param("now", utc(now))
			.param("list", listId)
			.param("limit", limit)
			.query(ListMemberships::change)
			.list();
	}

	/**
	 * Audiences with at least {@code threshold} changes that may be sent now, most first.
	 */
	List<String> backlogs(Instant now, int threshold) {
		return jdbc.sql("""
				select c.list_id from pw_list_change c
				where %s and c.erase = false
				group by c.list_id having count(*) >= :threshold
				order by count(*) desc
				""".formatted(SENDABLE))
			.param("now", utc(now))
			.param("threshold", threshold)
			.query(String.class)
			.list();
	}

	private static final String SENDABLE = """
			c.state = 'pending'
			and (c.next_attempt_at is null or c.next_attempt_at <= :now)
			and (c.claimed_until is null or c.claimed_until < :now)
			and not exists (select 1 from pw_list_change o
			                where o.lead_id = c.lead_id and o.list_id = c.list_id and o.id <> c.id
			                and (o.id > c.id or (o.state = 'pending' and o.claimed_until >= :now)))
			""";

	private static final String DUE = """
			select c.id, c.lead_id, c.list_id, c.subscribed, c.tags, c.attempts, c.requested_at, c.erase,
			c.subscriber_hashes from pw_list_change c
			where %s %%s
			order by c.id
			limit :limit
			""".formatted(SENDABLE);

	private static ListChange change(ResultSet rs, int row) throws SQLException {
		return new ListChange(rs.getLong("id"), rs.getString("lead_id"), rs.getString("list_id"),
				rs.getBoolean("subscribed"), tags(rs.getString("tags")), rs.getInt("attempts"),
				instant(rs.getObject("requested_at", OffsetDateTime.class)), rs.getBoolean("erase"),
				tags(rs.getString("subscriber_hashes")));
	}

	/**
	 * Claims the change for a node, counting an attempt; true if the node now owns it.
	 * Must run in a transaction: the lock on the lead's rows for that list keeps two
	 * nodes from each claiming a different change of the pair at the same moment.
	 */
	boolean claim(ListChange change, String node, Instant now, Instant until) {
		lock(new ListChange.Pair(change.leadId(), change.listId()));
		return jdbc.sql("""
				update pw_list_change set claimed_by = :node, claimed_until = :until, attempts = attempts + 1
				where id = :id and state = 'pending'
				and (claimed_until is null or claimed_until < :now)
				and (next_attempt_at is null or next_attempt_at <= :now)
				and not exists (select 1 from pw_list_change o
				                where o.lead_id = :lead and o.list_id = :list and o.id <> :id
				                and (o.id > :id or (o.state = 'pending' and o.claimed_until >= :now)))
				""")
			.param("node", node)
			.param("until", utc(until))
			.param("id", change.id())
			.param("now", utc(now))
			.param("lead", change.leadId())
			.param("list", change.listId())
			.update() == 1;
	}

	/** Records MailChimp's acceptance, if the node still owns the change. */
	boolean synced(long id, String node, Instant at) {
		return jdbc.sql("""
				update pw_list_change set state = 'synced', synced_at = :at, claimed_by = null, claimed_until = null,
				next_attempt_at = null, error_title = null, error_detail = null
				where id = :id and state = 'pending' and claimed_by = :node
				""").param("at", utc(at)).param("id", id).param("node", node).update() == 1;
	}

	/**
	 * Records MailChimp's acceptance of several changes, those the node still owns.
	 */
	int synced(List<Long> ids, String node, Instant at) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				update pw_list_change set state = 'synced', synced_at = :at, claimed_by = null, claimed_until = null,
				next_attempt_at = null, error_title = null, error_detail = null
				where id in (:ids) and state = 'pending' and claimed_by = :node
				""").param("at", utc(at)).param("ids", ids).param("node", node).update();
	}

	/** Gives up on the change, keeping why, if the node still owns it. */
	boolean failed(long id, String node, String title, String detail) {
		boolean failed = jdbc.sql("""
				update pw_list_change set state = 'failed', claimed_by = null, claimed_until = null,
				next_attempt_at = null, error_title = :title, error_detail = :detail
				where id = :id and state = 'pending' and claimed_by = :node
				""")
			.param("title", cut(title, MAX_TITLE))
			.param("detail", cut(detail, MAX_DETAIL))
			.param("id", id)
			.param("node", node)
			.update() == 1;
		if (failed) {
			jdbc.sql("select lead_id, list_id from pw_list_change where id = ?")
				.param(id)
				.query((rs, n) -> new ListChangeFailed(id, rs.getString("lead_id"), rs.getString("list_id"),
						cut(title, MAX_TITLE), cut(detail, MAX_DETAIL)))
				.optional()
				.ifPresent(events::publishEvent);
		}
		return failed;
	}

	/** Frees the change for another attempt at {@code next}, keeping the last error. */
	boolean retryLater(long id, String node, Instant next, String title, String detail) {
		return retryLater(List.of(id), node, next, title, detail) == 1;
	}

	/**
	 * Frees several changes at once, so they come due together: a batch that is retried
	 * whole goes out as one batch again, not split by a poll that sees half of it
	 * released.
	 */
	int retryLater(List<Long> ids, String node, Instant next, String title, String detail) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				update pw_list_change set claimed_by = null, claimed_until = null, next_attempt_at = :next,
				error_title = :title, error_detail = :detail
				where id in (:ids) and state = 'pending' and claimed_by = :node
				""")
			.param("next", utc(next))
			.param("title", cut(title, MAX_TITLE))
			.param("detail", cut(detail, MAX_DETAIL))
			.param("ids", ids)
			.param("node", node)
			.update();
	}

	/**
	 * Puts a failed change back to pending with its attempts reset; false if not failed.
	 */
	boolean retry(long id) {
		return jdbc.sql("""
				update pw_list_change set state = 'pending', attempts = 0, next_attempt_at = null,
				claimed_by = null, claimed_until = null, error_title = null, error_detail = null
				where id = ? and state = 'failed'
				""").param(id).update() == 1;
	}

	/**
	 * Locks every change of the pair, always in the order of their ids: whoever changes
	 * several rows of a pair takes this lock first, so no two transactions deadlock.
	 */
	private void lock(ListChange.Pair pair) {
		jdbc.sql("select id from pw_list_change where lead_id = ? and list_id = ? order by id for update")
			.params(pair.leadId(), pair.listId())
			.query(Long.class)
			.list();
	}

	static List<String> tags(String csv) {
		if (csv == null || csv.isBlank()) {
			return List.of();
		}
		return Arrays.stream(csv.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
	}

	static Instant instant(OffsetDateTime time) {
		return time == null ? null : time.toInstant();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static String cut(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
	}

}

package io.pipewright.cues;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The outbox's rows ({@code pw_delivery}). A delivery is {@code pending} until its
 * channel takes it ({@code sent}), refuses it or it runs out of attempts
 * ({@code failed}); the last error and the receiver's last status stay for the admin.
 */
@Repository
class Deliveries {

	static final String PENDING = "pending";

	static final String SENT = "sent";

	static final String FAILED = "failed";

	static final List<String> STATES = List.of(PENDING, SENT, FAILED);

	private static final int MAX_ERROR = 2000;

	private final JdbcClient jdbc;

	/** PostgreSQL aborts a transaction on any error, so a duplicate must not be one. */
	private final boolean postgres;

	Deliveries(JdbcClient jdbc, DataSource dataSource) throws SQLException {
		this.jdbc = jdbc;
		try (Connection connection = dataSource.getConnection()) {
			this.postgres = connection.getMetaData()
				.getDatabaseProductName()
				.toLowerCase(Locale.ROOT)
				.contains("postgres");
		}
	}

	/**
	 * Records a pending delivery in the caller's transaction; false if its dedup key is
	 * taken. Never fails the caller's transaction for a duplicate: PostgreSQL skips it
	 * ({@code on conflict do nothing}, safe when two transactions race); H2 rolls back
	 * only the statement, which the check before it makes rare.
	 */
	long enqueue(String channel, String kind, String target, String payload, String leadId, String dedupKey,
			Instant now) {
		if (postgres) {
			return jdbc.sql("""
					insert into pw_delivery (channel, kind, target, payload, lead_id, dedup_key, state, created_at)
					values (?, ?, ?, ?, ?, ?, 'pending', ?) on conflict (dedup_key) do nothing returning id
					""")
				.params(channel, kind, target, payload, leadId, dedupKey, utc(now))
				.query(Long.class)
				.optional()
				.orElse(-1L);
		}
		if (dedupKey != null && jdbc.sql("select count(*) from pw_delivery where dedup_key = ?")
			.param(dedupKey)
			.query(Long.class)
			.single() > 0) {
			return -1;
		}
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		try {
			int inserted = jdbc.sql("""
					insert into pw_delivery (channel, kind, target, payload, lead_id, dedup_key, state, created_at)
					values (?, ?, ?, ?, ?, ?, 'pending', ?)
					""").params(channel, kind, target, payload, leadId, dedupKey, utc(now)).update(keys, "id");
			return inserted == 1 ? keys.getKey().longValue() : -1;
		}
		catch (DuplicateKeyException raced) {
			return -1;
		}
	}

	/**
	 * Pending deliveries of these channels that may be sent now: due, and claimed by
	 * nobody (or by a node whose claim ran out); oldest first.
	 */
	List<Delivery> due(Collection<String> channels, Instant now, int limit) {
		if (channels.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				select id, channel, kind, target, payload, lead_id, attempts, created_at from pw_delivery
				where state = 'pending' and (next_attempt_at is null or next_attempt_at <= :now)
				and (claimed_until is null or claimed_until < :now) and channel in (:channels)
				order by id limit :limit
				""")
			.param("now", utc(now))
			.param("channels", channels)
			.param("limit", limit)
			.query(Deliveries::delivery)
			.list();
	}

	/**
	 * Claims the delivery for a node, counting an attempt; true if the node now owns it.
	 * One statement: of two nodes, only one can see it unclaimed.
	 */
	boolean claim(long id, String node, Instant now, Instant until) {
		return jdbc.sql("""
				update pw_delivery set claimed_by = :node, claimed_until = :until, attempts = attempts + 1
				where id = :id and state = 'pending' and (claimed_until is null or claimed_until < :now)
				and (next_attempt_at is null or next_attempt_at <= :now)
				""")
			.param("node", node)
			.param("until", utc(until))
			.param("id", id)
			.param("now", utc(now))
			.update() == 1;
	}

	/** Records the receiver's acceptance, if the node still owns the delivery. */
	boolean sent(long id, String node, Instant at, Integer status) {
		return jdbc
			.sql("""
					update pw_delivery set state = 'sent', sent_at = :at, last_attempt_at = :at, claimed_by = null, claimed_until = null,
					next_attempt_at = null, last_error = null, last_status = :status
					where id = :id and state = 'pending' and claimed_by = :node
					""")
			.param("at", utc(at))
			.param("status", status)
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** Gives up on the delivery, keeping why, if the node still owns it. */
	boolean failed(long id, String node, Instant at, String error, Integer status) {
		return jdbc.sql("""
				update pw_delivery set state = 'failed', last_attempt_at = :at, claimed_by = null, claimed_until = null,
				next_attempt_at = null, last_error = :error, last_status = :status
				where id = :id and state = 'pending' and claimed_by = :node
				""")
			.param("at", utc(at))
			.param("error", cut(error))
			.param("status", status)
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** Frees the delivery for another attempt at {@code next}, keeping the error. */
	boolean retryLater(long id, String node, Instant at, Instant next, String error, Integer status) {
		return jdbc
			.sql("""
					update pw_delivery set last_attempt_at = :at, claimed_by = null, claimed_until = null, next_attempt_at = :next,
					last_error = :error, last_status = :status
					where id = :id and state = 'pending' and claimed_by = :node
					""")
			.param("at", utc(at))
			.param("next", utc(next))
			.param("error", cut(error))
			.param("status", status)
			.param("id", id)
			.param("node", node)
			.update() == 1;
	}

	/** A failed delivery back to pending, attempts from zero; false if not failed. */
	boolean retry(long id) {
		return jdbc.sql("""
				update pw_delivery set state = 'pending', attempts = 0, next_attempt_at = null, claimed_by = null,
				claimed_until = null where id = ? and state = 'failed' and payload is not null
				""").param(id).update() == 1;
	}

	/**
	 * Fails every pending delivery to these targets of the channel, with this error; a
	 * claimed one too (its send's outcome then finds it failed and changes nothing).
	 */
	int failPending(String channel, String target, String error) {
		return jdbc
			.sql("""
					update pw_delivery set state = 'failed', claimed_by = null, claimed_until = null, next_attempt_at = null,
					last_error = ? where channel = ? and target = ? and state = 'pending'
					""")
			.params(cut(error), channel, target)
			.update();
	}

	/**
	 * The lead's person was erased: its deliveries lose payload and target, pending ones
	 * fail (they can no longer be sent), and errors lose what they quoted of the person.
	 */
	void wipe(String leadId, UnaryOperator<String> scrub, String why) {
		jdbc.sql(
				"""
						update pw_delivery set state = 'failed', claimed_by = null, claimed_until = null, next_attempt_at = null,
						last_error = ? where lead_id = ? and state = 'pending'
						""")
			.params(why, leadId)
			.update();
		record Error(long id, String error) {
		}
		List<Error> errors = new ArrayList<>();
		jdbc.sql("select id, last_error from pw_delivery where lead_id = ? and last_error is not null")
			.param(leadId)
			.query(rs -> {
				errors.add(new Error(rs.getLong(1), rs.getString(2)));
			});
		jdbc.sql("update pw_delivery set payload = null, target = null where lead_id = ?").param(leadId).update();
		for (Error error : errors) {
			String scrubbed = scrub.apply(error.error());
			if (!scrubbed.equals(error.error())) {
				jdbc.sql("update pw_delivery set last_error = ? where id = ?").params(scrubbed, error.id()).update();
			}
		}
	}

	Optional<Delivery> find(long id) {
		return jdbc.sql("""
				select id, channel, kind, target, payload, lead_id, attempts, created_at from pw_delivery where id = ?
				""").param(id).query(Deliveries::delivery).optional();
	}

	long pendingCount() {
		return jdbc.sql("select count(*) from pw_delivery where state = 'pending'").query(Long.class).single();
	}

	private static Delivery delivery(ResultSet rs, int row) throws SQLException {
		return new Delivery(rs.getLong("id"), rs.getString("channel"), rs.getString("kind"), rs.getString("target"),
				rs.getString("payload"), rs.getString("lead_id"), rs.getInt("attempts"),
				instant(rs.getObject("created_at", OffsetDateTime.class)));
	}

	static Instant instant(OffsetDateTime time) {
		return time == null ? null : time.toInstant();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static String cut(String text) {
		return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
	}

}

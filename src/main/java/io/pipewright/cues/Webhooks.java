package io.pipewright.cues;

import static io.pipewright.cues.Deliveries.instant;
import static io.pipewright.cues.Deliveries.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.pipewright.Forget;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The webhooks admins registered ({@code pw_webhook}); a deleted one is inactive. */
@Repository
class Webhooks {

	/** A registered webhook, with its secret: never shown but at creation. */
	record Webhook(long id, String url, List<String> events, String secret, String description, String createdBy,
			Instant createdAt) {
	}

	/** What the admin sees of a webhook's deliveries. */
	record Deliveries(Long lastId, String lastState, Integer lastStatus, Instant lastAt, String lastError,
			long pending) {
	}

	/**
	 * How long a webhook created or deleted on another node may go unseen here (on this
	 * node at once).
	 */
	static final Duration SUBSCRIPTIONS_TTL = Duration.ofSeconds(5);

	private record Subscriptions(List<Webhook> active, long readAt, long generation) {
	}

	private final JdbcClient jdbc;

	/**
	 * The active webhooks as last read: every event of every lead asks for them, and they
	 * rarely change.
	 */
	private volatile Subscriptions subscriptions;

	/** Moves on with every change here: subscriptions read before it are not used. */
	private final AtomicLong generation = new AtomicLong();

	Webhooks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String url, List<String> events, String secret, String description, String createdBy, Instant at) {
		changed();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into pw_webhook (url, events, secret, description, created_by, created_at, active)
				values (?, ?, ?, ?, ?, ?, true)
				""").params(url, String.join(",", events), secret, description, createdBy, utc(at)).update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<Webhook> find(long id) {
		return jdbc.sql("select * from pw_webhook where id = ? and active = true")
			.param(id)
			.query(Webhooks::webhook)
			.optional();
	}

	List<Webhook> all() {
		return jdbc.sql("select * from pw_webhook where active = true order by id").query(Webhooks::webhook).list();
	}

	/** Active webhooks that want this event. */
	List<Webhook> subscribedTo(String event) {
		return active().stream().filter(webhook -> webhook.events().contains(event)).toList();
	}

	private List<Webhook> active() {
		long now = System.nanoTime();
		long current = generation.get();
		Subscriptions known = subscriptions;
		if (known != null && known.generation == current && now - known.readAt < SUBSCRIPTIONS_TTL.toNanos()) {
			return known.active;
		}
		List<Webhook> active = all();
		subscriptions = new Subscriptions(active, now, current);
		return active;
	}

	/**
	 * A webhook is created or deleted: read them again now, and again once the change's
	 * transaction has ended (what was read in between may be out of date).
	 */
	private void changed() {
		Forget.nowAndAtTransactionEnd(generation::incrementAndGet);
	}

	/** Deletes the webhook (its row stays, inactive, without its secret). */
	boolean deactivate(long id, String actor, Instant at) {
		changed();
		return jdbc.sql("""
				update pw_webhook set active = false, secret = null, deleted_by = ?, deleted_at = ?
				where id = ? and active = true
				""").params(actor, utc(at), id).update() == 1;
	}

	Deliveries deliveries(long id) {
		String target = Long.toString(id);
		long pending = jdbc
			.sql("select count(*) from pw_delivery where channel = ? and target = ? and state = 'pending'")
			.params(WebhookChannel.NAME, target)
			.query(Long.class)
			.single();
		return jdbc
			.sql("""
					select id, state, last_status, last_error, last_attempt_at as at from pw_delivery
					where channel = ? and target = ? and last_attempt_at is not null order by last_attempt_at desc, id desc limit 1
					""")
			.params(WebhookChannel.NAME, target)
			.query((rs, n) -> new Deliveries(rs.getLong("id"), rs.getString("state"),
					rs.getObject("last_status") == null ? null : rs.getInt("last_status"),
					instant(rs.getObject("at", OffsetDateTime.class)), rs.getString("last_error"), pending))
			.optional()
			.orElse(new Deliveries(null, null, null, null, null, pending));
	}

	private static Webhook webhook(ResultSet rs, int row) throws SQLException {
		return new Webhook(rs.getLong("id"), rs.getString("url"),
				Arrays.stream(rs.getString("events").split(",")).filter(e -> !e.isBlank()).toList(),
				rs.getString("secret"), rs.getString("description"), rs.getString("created_by"),
				instant(rs.getObject("created_at", OffsetDateTime.class)));
	}

}

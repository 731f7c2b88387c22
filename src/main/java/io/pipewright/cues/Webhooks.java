package io.pipewright.cues;

import static io.pipewright.cues.Deliveries.instant;
import static io.pipewright.cues.Deliveries.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

	private final JdbcClient jdbc;

	Webhooks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String url, List<String> events, String secret, String description, String createdBy, Instant at) {
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
		return all().stream().filter(webhook -> webhook.events().contains(event)).toList();
	}

	/** Deletes the webhook (its row stays, inactive, without its secret). */
	boolean deactivate(long id, String actor, Instant at) {
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

package io.pipewright.cues;

import static io.pipewright.cues.Deliveries.instant;

import io.pipewright.api.InvalidInput;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox as admins see it (admins only: SecurityConfiguration). */
@RestController
@RequestMapping("/api/deliveries")
class DeliveryController {

	private final JdbcClient jdbc;

	private final DeliveryWorker worker;

	DeliveryController(JdbcClient jdbc, DeliveryWorker worker) {
		this.jdbc = jdbc;
		this.worker = worker;
	}

	/**
	 * A delivery. {@code target}: a webhook's id, or an email address; {@code null} once
	 * its lead was erased.
	 */
	record DeliveryView(String id, String channel, String kind, String target, String leadId, String state,
			int attempts, String lastError, Integer lastStatus, Instant nextAttemptAt, Instant lastAttemptAt,
			Instant createdAt, Instant sentAt) {
	}

	record Page(List<DeliveryView> content, Meta page) {

		record Meta(int number, int size, long totalElements, long totalPages) {
		}

	}

	@GetMapping
	Page list(@RequestParam(required = false) String state, @RequestParam(required = false) String channel,
			@RequestParam(required = false) String lead,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		if (state != null && !state.isBlank() && !Deliveries.STATES.contains(state)) {
			throw new InvalidInput("state", "must be one of " + String.join(", ", Deliveries.STATES));
		}
		StringBuilder where = new StringBuilder("1 = 1");
		if (state != null && !state.isBlank()) {
			where.append(" and state = :state");
		}
		if (channel != null && !channel.isBlank()) {
			where.append(" and channel = :channel");
		}
		if (lead != null && !lead.isBlank()) {
			where.append(" and lead_id = :lead");
		}
		long total = bind(jdbc.sql("select count(*) from pw_delivery where " + where), state, channel, lead)
			.query(Long.class)
			.single();
		List<DeliveryView> content = bind(
				jdbc.sql("select * from pw_delivery where " + where + " order by id desc limit :limit offset :offset"),
				state, channel, lead)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(DeliveryController::view)
			.list();
		return new Page(content, new Page.Meta(page, size, total, (total + size - 1) / size));
	}

	@PostMapping("/{id}/retry")
	DeliveryView retry(@PathVariable String id) {
		if (id == null || !id.matches("[0-9]{1,18}")) {
			throw new UnknownDelivery(-1);
		}
		long number = Long.parseLong(id);
		if (!worker.retry(number)) {
			String now = jdbc.sql("select state from pw_delivery where id = ?")
				.param(number)
				.query(String.class)
				.optional()
				.orElseThrow(() -> new UnknownDelivery(number));
			throw new DeliveryNotFailed(number, now);
		}
		return jdbc.sql("select * from pw_delivery where id = ?")
			.param(number)
			.query(DeliveryController::view)
			.single();
	}

	private static DeliveryView view(ResultSet rs, int row) throws SQLException {
		return new DeliveryView(Long.toString(rs.getLong("id")), rs.getString("channel"), rs.getString("kind"),
				rs.getString("target"), rs.getString("lead_id"), rs.getString("state"), rs.getInt("attempts"),
				rs.getString("last_error"), rs.getObject("last_status") == null ? null : rs.getInt("last_status"),
				instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
				instant(rs.getObject("last_attempt_at", OffsetDateTime.class)),
				instant(rs.getObject("created_at", OffsetDateTime.class)),
				instant(rs.getObject("sent_at", OffsetDateTime.class)));
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, String state, String channel,
			String lead) {
		JdbcClient.StatementSpec bound = sql;
		if (state != null && !state.isBlank()) {
			bound = bound.param("state", state);
		}
		if (channel != null && !channel.isBlank()) {
			bound = bound.param("channel", channel);
		}
		if (lead != null && !lead.isBlank()) {
			bound = bound.param("lead", lead);
		}
		return bound;
	}

}

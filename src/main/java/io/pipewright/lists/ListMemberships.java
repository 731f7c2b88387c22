package io.pipewright.lists;

import java.time.Instant;
import java.util.List;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The wanted list memberships. {@link #want} runs in the caller's transaction, the
 * engine's when a list service task calls it: rolled back with the stage change, or
 * committed with it, never on its own.
 */
@Repository
public class ListMemberships {

	/** A change waiting to reach MailChimp. */
	public static final String PENDING = "pending";

	private final JdbcClient jdbc;

	ListMemberships(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
					wanted.stageId(), now.atOffset(java.time.ZoneOffset.UTC), PENDING)
			.update();
	}

	/** Every change wanted for a lead, oldest first. */
	public List<WantedMembership> wantedFor(String leadId) {
		return jdbc.sql("""
				select lead_id, list_id, subscribed, tags, pipeline_key, stage_id from pw_list_change
				where lead_id = ? order by id
				""")
			.param(leadId)
			.query((rs, n) -> new WantedMembership(rs.getString("lead_id"), rs.getString("list_id"),
					rs.getBoolean("subscribed"), tags(rs.getString("tags")), rs.getString("pipeline_key"),
					rs.getString("stage_id")))
			.list();
	}

	static List<String> tags(String csv) {
		if (csv == null || csv.isBlank()) {
			return List.of();
		}
		return java.util.Arrays.stream(csv.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
	}

}

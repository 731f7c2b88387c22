package io.pipewright.security;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who changed what, for the admins' {@code GET /api/audit}. Lead changes are not recorded
 * here: the lead's own events (its timeline) are the audit's record of them. Everything
 * else that changes the server (tokens, deployments, migrations, erasures) is recorded
 * with one call.
 */
@Component
public class AuditTrail {

	/**
	 * The actor of what the server does by itself, such as deploying the shipped
	 * pipelines.
	 */
	public static final String SYSTEM = "system";

	private static final Pattern ACTION = Pattern.compile("[a-z]+\\.[a-z-]+");

	// a detail is read by every admin: whatever a key suggests is secret is never written
	private static final Pattern SECRET = Pattern.compile(".*(password|secret|credential|token$|apikey|api-key).*");

	private static final String MASKED = "(masked)";

	private static final int MAX_DETAIL = 8000;

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	AuditTrail(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Records one entry in the caller's transaction, so it commits or rolls back with the
	 * change it describes (outside a transaction it commits at once).
	 * @param actor the user id, {@code token:<name>}, or {@link #SYSTEM}; null counts as
	 * {@link #SYSTEM}
	 * @param action {@code <subject kind>.<what happened>}, e.g. {@code lead.erased}
	 * @param subject the id of what changed: a lead, token or deployment id
	 * @param detail what an admin needs to understand the change; never a secret or a
	 * person's data beyond what the change itself is about
	 */
	public void record(String actor, String action, String subject, Map<String, ?> detail) {
		if (action == null || !ACTION.matcher(action).matches() || action.length() > 60) {
			throw new IllegalArgumentException("Not an audit action: " + action);
		}
		jdbc.sql("""
				insert into pw_audit_entry (occurred_at, actor, action, subject, detail) values (?, ?, ?, ?, ?)
				""")
			.params(ClockUtil.now().toInstant().atOffset(ZoneOffset.UTC), actor == null ? SYSTEM : actor, action,
					subject, write(detail))
			.update();
	}

	private String write(Map<String, ?> detail) {
		Map<String, Object> safe = new LinkedHashMap<>();
		if (detail != null) {
			detail.forEach((key, value) -> safe.put(key, secret(key) ? MASKED : value));
		}
		try {
			String text = json.writeValueAsString(safe);
			// a detail too long for its column must not roll back the change it describes
			return text.length() <= MAX_DETAIL ? text
					: json.writeValueAsString(Map.of("truncated", true, "keys", safe.keySet()));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Audit detail cannot be written as JSON: " + safe.keySet(), ex);
		}
	}

	static boolean secret(String key) {
		return key != null && SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
	}

}

package io.pipewright.cues;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each person's email language and the kinds of email they turned off. */
@Repository
public class Preferences {

	private final JdbcClient jdbc;

	Preferences(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One person's choices.
	 *
	 * @param language null: the server's default
	 * @param muted template names they receive no email of
	 */
	public record Preference(String language, Set<String> muted) {

		static final Preference NONE = new Preference(null, Set.of());

		public boolean wants(String template) {
			return !muted.contains(template);
		}

	}

	public Preference of(String userId) {
		return jdbc.sql("select language, muted from pw_notification_preference where user_id = ?")
			.param(userId)
			.query((rs, n) -> new Preference(rs.getString("language"), split(rs.getString("muted"))))
			.optional()
			.orElse(Preference.NONE);
	}

	public void save(String userId, Preference preference, Instant at) {
		String muted = String.join(",", new TreeSet<>(preference.muted()));
		int updated = jdbc
			.sql("update pw_notification_preference set language = ?, muted = ?, updated_at = ? where user_id = ?")
			.params(preference.language(), muted, at.atOffset(ZoneOffset.UTC), userId)
			.update();
		if (updated == 0) {
			jdbc.sql(
					"insert into pw_notification_preference (user_id, language, muted, updated_at) values (?, ?, ?, ?)")
				.params(userId, preference.language(), muted, at.atOffset(ZoneOffset.UTC))
				.update();
		}
	}

	private static Set<String> split(String muted) {
		return muted == null || muted.isBlank() ? Set.of()
				: Arrays.stream(muted.split(",")).map(String::strip).collect(Collectors.toUnmodifiableSet());
	}

}

package io.pipewright.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of pw_api_token; each call runs in the caller's transaction. */
@Repository
class ApiTokens {

	private static final String COLUMNS = """
			id, name, scopes, created_at, created_by, last_used_at, revoked_at, revoked_by, secret_hash
			""";

	private final JdbcClient jdbc;

	ApiTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A token's row with the hash its secret must match. */
	record Stored(ApiToken token, String secretHash) {
	}

	void insert(ApiToken token, String secretHash) {
		jdbc.sql("""
				insert into pw_api_token (id, name, active_name, secret_hash, scopes, created_at, created_by)
				values (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(token.id(), token.name(), token.name(), secretHash, String.join(" ", token.scopes()),
					utc(token.createdAt()), token.createdBy())
			.update();
	}

	Optional<Stored> find(String id) {
		return jdbc.sql("select " + COLUMNS + " from pw_api_token where id = ?")
			.param(id)
			.query((rs, n) -> new Stored(token(rs), rs.getString("secret_hash")))
			.optional();
	}

	boolean activeNameTaken(String name) {
		return jdbc.sql("select count(*) from pw_api_token where active_name = ?")
			.param(name)
			.query(Long.class)
			.single() > 0;
	}

	/** Newest first, revoked ones too. */
	List<ApiToken> all() {
		return jdbc.sql("select " + COLUMNS + " from pw_api_token order by created_at desc, id")
			.query((rs, n) -> token(rs))
			.list();
	}

	/** False when the token was revoked already. */
	boolean revoke(String id, Instant at, String by) {
		return jdbc.sql("""
				update pw_api_token set revoked_at = ?, revoked_by = ?, active_name = null
				where id = ? and revoked_at is null
				""").params(utc(at), by, id).update() == 1;
	}

	/**
	 * Sets last_used_at unless another request (on any node) did so after
	 * {@code staleBefore}: true for the one request that did.
	 */
	boolean used(String id, Instant at, Instant staleBefore) {
		return jdbc.sql("""
				update pw_api_token set last_used_at = ?
				where id = ? and (last_used_at is null or last_used_at < ?)
				""").params(utc(at), id, utc(staleBefore)).update() == 1;
	}

	/** As {@link #used}, for the hourly token.used audit entry. */
	boolean useAudited(String id, Instant at, Instant staleBefore) {
		return jdbc.sql("""
				update pw_api_token set use_audited_at = ?
				where id = ? and (use_audited_at is null or use_audited_at < ?)
				""").params(utc(at), id, utc(staleBefore)).update() == 1;
	}

	private static ApiToken token(ResultSet rs) throws SQLException {
		return new ApiToken(rs.getString("id"), rs.getString("name"), Arrays.asList(rs.getString("scopes").split(" ")),
				instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "last_used_at"),
				instant(rs, "revoked_at"), rs.getString("revoked_by"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}

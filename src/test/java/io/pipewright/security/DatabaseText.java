package io.pipewright.security;

import io.pipewright.TestDatabases;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds a text anywhere in the test database: every character and binary column of every
 * table, Pipewright's and the engine's, read from the schema so a new table is covered
 * without a change here. Binary values are read as UTF-8.
 */
final class DatabaseText {

	private DatabaseText() {
	}

	/** Where the text occurs, case-insensitively, as {@code table.column}. */
	static List<String> find(JdbcTemplate jdbc, String text) {
		String needle = text.toLowerCase(Locale.ROOT);
		String schema = TestDatabases.postgres() ? "public" : "PUBLIC";
		List<String> found = new ArrayList<>();
		List<String[]> columns = jdbc.query("""
				select table_name, column_name, data_type from information_schema.columns where table_schema = ?
				""", (rs, n) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) }, schema);
		for (String[] column : columns) {
			String type = column[2].toLowerCase(Locale.ROOT);
			boolean binary = type.contains("binary") || type.equals("bytea") || type.contains("blob");
			boolean character = type.contains("char") || type.equals("text") || type.contains("clob")
					|| type.equals("json");
			if (!binary && !character) {
				continue;
			}
			String sql = "select \"" + column[1] + "\" from \"" + column[0] + "\" where \"" + column[1]
					+ "\" is not null";
			jdbc.query(sql, (ResultSet rs) -> {
				String value = binary ? new String(rs.getBytes(1), StandardCharsets.UTF_8) : rs.getString(1);
				if (value.toLowerCase(Locale.ROOT).contains(needle)) {
					found.add(column[0] + "." + column[1]);
				}
			});
		}
		return found;
	}

}

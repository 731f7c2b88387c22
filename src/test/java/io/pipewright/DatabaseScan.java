package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * Finds texts anywhere in the test database, case-insensitively: every column of every
 * table, Pipewright's and the engine's, as INFORMATION_SCHEMA lists them (a table added
 * later is scanned too), binary values read as UTF-8. For "no trace of X anywhere".
 */
public final class DatabaseScan {

	/**
	 * One place a text was found: {@code TABLE.COLUMN}, and whether its value was binary.
	 */
	public record Trace(String text, String place, boolean binary) {
	}

	private DatabaseScan() {
	}

	/** Where each text occurs, one trace per text and column, ordered by place. */
	public static List<Trace> traces(DataSource database, String... texts) {
		try (Connection connection = database.getConnection()) {
			return traces(connection, texts);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot scan the database", ex);
		}
	}

	/** Where this text occurs, as {@code TABLE.COLUMN}. */
	public static Set<String> places(DataSource database, String text) {
		return places(traces(database, text), text);
	}

	public static Set<String> places(List<Trace> traces, String text) {
		return traces.stream()
			.filter(trace -> trace.text().equals(text))
			.map(Trace::place)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static List<Trace> traces(Connection connection, String... texts) throws SQLException {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		try (var query = connection.prepareStatement("""
				select c.table_name, c.column_name from information_schema.columns c
				join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
				where t.table_type = 'BASE TABLE' and c.table_schema = ?
				order by c.table_name, c.ordinal_position
				""")) {
			query.setString(1, connection.getSchema());
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					columns.computeIfAbsent(rs.getString(1), table -> new ArrayList<>()).add(rs.getString(2));
				}
			}
		}
		// a scan that sees no tables would find nothing and prove nothing
		assertThat(columns.keySet()).as("tables in schema %s", connection.getSchema())
			.anyMatch(table -> table.equalsIgnoreCase("pw_lead"))
			.anyMatch(table -> table.equalsIgnoreCase("act_hi_varinst"));
		List<Trace> found = new ArrayList<>();
		for (Map.Entry<String, List<String>> table : columns.entrySet()) {
			String select = table.getValue().stream().map(c -> '"' + c + '"').collect(Collectors.joining(", "));
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("select " + select + " from \"" + table.getKey() + '"')) {
				while (rs.next()) {
					for (int i = 1; i <= table.getValue().size(); i++) {
						Object value = rs.getObject(i);
						String text = text(value);
						if (text == null) {
							continue;
						}
						String lower = text.toLowerCase(Locale.ROOT);
						for (String wanted : texts) {
							if (lower.contains(wanted.toLowerCase(Locale.ROOT))) {
								found.add(new Trace(wanted,
										(table.getKey() + "." + table.getValue().get(i - 1)).toUpperCase(Locale.ROOT),
										value instanceof byte[] || value instanceof Blob));
							}
						}
					}
				}
			}
		}
		return found.stream().distinct().sorted(Comparator.comparing(Trace::place)).toList();
	}

	private static String text(Object value) throws SQLException {
		if (value == null) {
			return null;
		}
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (value instanceof Blob blob) {
			return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
		}
		if (value instanceof Clob clob) {
			return clob.getSubString(1, (int) clob.length());
		}
		// numbers, times, JSON and the rest: whatever text they hold
		return value.toString();
	}

}

package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The engine starts only after Flyway has migrated: a migration that fails stops the
 * server with Flyway's error, before the engine has created any table of its own.
 */
class EngineAfterFlywayTests {

	private final TestDatabases.Database database = TestDatabases.fresh();

	@Test
	void aFailedMigrationStopsTheStartBeforeTheEngineCreatesItsTables() throws SQLException {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=0", "--pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD,
						"--spring.flyway.locations=classpath:db/migration,classpath:broken-migration"));
		arguments.addAll(List.of(this.database.arguments()));

		assertThatThrownBy(
				() -> new SpringApplicationBuilder(PipewrightApplication.class).run(arguments.toArray(String[]::new)))
			.hasRootCauseInstanceOf(SQLException.class)
			.satisfies(failure -> assertThat(causes(failure))
				.anySatisfy(cause -> assertThat(cause).isInstanceOf(FlywayException.class)
					.hasMessageContaining("V99__broken.sql")));

		List<String> tables = tables();
		assertThat(tables).as("Pipewright's migrations before the broken one ran").contains("pw_lead");
		assertThat(tables).as("the engine created nothing").noneMatch(table -> table.startsWith("act_"));
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private List<String> tables() throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.database.url(), this.database.username(),
				this.database.password());
				ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
			while (rows.next()) {
				tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
			}
		}
		return tables;
	}

}

package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.ApiClient;
import io.pipewright.PipewrightApplication;
import io.pipewright.TestDatabases;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The first administrator: created once with the password from the environment, which
 * start-up refuses when it is empty or a well-known default (outside the demo), as it
 * refuses such a token secret; and logins throttled by the engine.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminAccountIntegrationTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"''|test-token-secret-not-for-production|pipewright.admin.password (environment variable PIPEWRIGHT_ADMIN_PASSWORD) is empty",
			"admin|test-token-secret-not-for-production|pipewright.admin.password (environment variable PIPEWRIGHT_ADMIN_PASSWORD) is a well-known default",
			"short|test-token-secret-not-for-production|pipewright.admin.password (environment variable PIPEWRIGHT_ADMIN_PASSWORD) is shorter than 8 characters",
			"a-good-password|''|pipewright.security.token-secret (environment variable PIPEWRIGHT_TOKEN_SECRET) is empty",
			"a-good-password|changeme|pipewright.security.token-secret (environment variable PIPEWRIGHT_TOKEN_SECRET) is a well-known default" })
	void startUpRefusesUnsafeSecretsNamingTheSettingBeforeTouchingTheDatabase(String password, String tokenSecret,
			String problem, CapturedOutput output) throws SQLException {
		TestDatabases.Database database = TestDatabases.fresh();
		assertThatThrownBy(() -> start(database, password, "--pipewright.security.token-secret=" + tokenSecret))
			.hasMessageContaining(problem);
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains(problem)
			.contains("demo profile");
		try (var connection = DriverManager.getConnection(database.url(), database.username(), database.password());
				var tables = connection.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
			int count = 0;
			while (tables.next()) {
				String schema = String.valueOf(tables.getString("TABLE_SCHEM")).toUpperCase();
				if (!schema.equals("INFORMATION_SCHEMA") && !schema.equals("PG_CATALOG")) {
					count++;
				}
			}
			assertThat(count).as("no table created").isZero();
		}
	}

	@Test
	void theDemoProfileAcceptsItsWellKnownPasswords() {
		try (ConfigurableApplicationContext app = start(TestDatabases.fresh(), "admin",
				"--pipewright.security.token-secret=demo", "--spring.profiles.active=demo")) {
			assertThat(status(app, "admin", "admin").getStatusCode().value()).isEqualTo(200);
			assertThat(status(app, "kari", "demo").getStatusCode().value()).as("the demo's manager").isEqualTo(200);
		}
	}

	@Test
	void thePasswordFromTheEnvironmentIsUsedNotPrintedAndWrongOnesAreThrottled(CapturedOutput output) {
		try (ConfigurableApplicationContext app = start(TestDatabases.fresh(), "from-the-env")) {
			assertThat(status(app, "admin", "from-the-env").getStatusCode().value()).isEqualTo(200);
			assertThat(output.getOut()).doesNotContain("from-the-env");

			assertThat(status(app, "admin", "a-wrong-guess").getStatusCode().value()).isEqualTo(401);
			// the engine now holds the user back for a few seconds, even with the right
			// password, and the API says for how long
			ResponseEntity<String> held = status(app, "admin", "from-the-env");
			assertThat(held.getStatusCode().value()).isEqualTo(429);
			assertThat(held.getHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
			assertThat(held.getBody()).contains("login-throttled");
		}
	}

	@Test
	void tasksCreatedWhileAuthorizationsWereOffStayInTheirRepsTasklistOnceTheyAreOn() {
		TestDatabases.Database database = TestDatabases.fresh();
		String leadId;
		try (ConfigurableApplicationContext off = start(database, "admin-secret",
				"--camunda.bpm.authorization.enabled=false")) {
			ApiClient admin = ApiClient.anonymous(port(off)).as("admin", "admin-secret");
			admin.ensureUser("tove", "tove-secret");
			leadId = admin.createLead(Map.of("name", "Before AS", "owner", "tove")).path("id").asText();
		}
		try (ConfigurableApplicationContext on = start(database, "admin-secret")) {
			ApiClient tove = ApiClient.anonymous(port(on)).as("tove", "tove-secret");
			List<JsonNode> tasks = tove.engineTasks(leadId);
			assertThat(tasks).as("the rep's tasks from before, in Tasklist").isNotEmpty();
			tove.get("/engine-rest/task/{id}", tasks.get(0).path("id").asText()).expect(200);
		}
	}

	private static int port(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
	}

	private static ConfigurableApplicationContext start(TestDatabases.Database database, String password,
			String... more) {
		// arguments, not builder properties: those are defaults that application.yaml
		// would override
		String[] arguments = Stream
			.of(Stream.of("--server.port=0", "--pipewright.admin.password=" + password), Stream.of(more),
					Stream.of(database.arguments()))
			.flatMap(s -> s)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(PipewrightApplication.class).run(arguments);
	}

	private static ResponseEntity<String> status(ConfigurableApplicationContext app, String user, String password) {
		String port = app.getEnvironment().getProperty("local.server.port");
		return RestClient.create()
			.get()
			.uri("http://localhost:" + port + "/api/pipelines")
			.headers(h -> h.setBasicAuth(user, password))
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(new String(response.getBody().readAllBytes())));
	}

}

package io.pipewright.security;

import io.pipewright.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.PipewrightApplication;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The first administrator: created once, with a password that is shown once or taken from
 * the environment.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminAccountIntegrationTests {

	static final Pattern GENERATED = Pattern.compile("generated password:\\s+(\\S+)");

	@Test
	void withoutAPasswordOneIsGeneratedPrintedOnceAndKeptAcrossRestarts(CapturedOutput output) {
		TestDatabases.Database database = TestDatabases.fresh();
		String password;
		try (ConfigurableApplicationContext first = start(database, "")) {
			Matcher printed = GENERATED.matcher(output.getOut());
			assertThat(printed.find()).as("the generated password is printed").isTrue();
			password = printed.group(1);
			assertThat(status(first, "admin", password)).isEqualTo(200);
		}
		int printedSoFar = GENERATED.matcher(output.getOut()).results().toList().size();

		try (ConfigurableApplicationContext second = start(database, "ignored-once-created")) {
			assertThat(GENERATED.matcher(output.getOut()).results()).as("printed only at creation")
				.hasSize(printedSoFar);
			assertThat(status(second, "admin", password)).isEqualTo(200);
			// last: a wrong password makes the engine hold the account back for a few
			// seconds
			assertThat(status(second, "admin", "ignored-once-created")).isEqualTo(401);
		}
	}

	@Test
	void thePasswordFromTheEnvironmentIsUsedAndNotPrinted(CapturedOutput output) {
		try (ConfigurableApplicationContext app = start(TestDatabases.fresh(), "from-the-env")) {
			assertThat(status(app, "admin", "from-the-env")).isEqualTo(200);
			assertThat(output.getOut()).doesNotContain("from-the-env").doesNotContain("generated password");
		}
	}

	private static ConfigurableApplicationContext start(TestDatabases.Database database, String password) {
		// arguments, not builder properties: those are defaults that application.yaml
		// would override
		String[] arguments = Stream
			.concat(Stream.of("--server.port=0", "--pipewright.admin.password=" + password),
					Stream.of(database.arguments()))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(PipewrightApplication.class).run(arguments);
	}

	private static int status(ConfigurableApplicationContext app, String user, String password) {
		String port = app.getEnvironment().getProperty("local.server.port");
		return RestClient.create()
			.get()
			.uri("http://localhost:" + port + "/api/pipelines")
			.headers(h -> h.setBasicAuth(user, password))
			.exchange((request, response) -> response.getStatusCode())
			.value();
	}

}

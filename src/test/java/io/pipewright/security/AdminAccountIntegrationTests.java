package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.PipewrightApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
	void withoutAPasswordOneIsGeneratedPrintedOnceAndKeptAcrossRestarts(CapturedOutput output) throws IOException {
		String url = "jdbc:h2:file:" + Files.createTempDirectory("pipewright-admin").resolve("pw");
		String password;
		try (ConfigurableApplicationContext first = start(url, "")) {
			Matcher printed = GENERATED.matcher(output.getOut());
			assertThat(printed.find()).as("the generated password is printed").isTrue();
			password = printed.group(1);
			assertThat(status(first, "admin", password)).isEqualTo(200);
		}
		int printedSoFar = GENERATED.matcher(output.getOut()).results().toList().size();

		try (ConfigurableApplicationContext second = start(url, "ignored-once-created")) {
			assertThat(GENERATED.matcher(output.getOut()).results()).as("printed only at creation")
				.hasSize(printedSoFar);
			assertThat(status(second, "admin", password)).isEqualTo(200);
			// last: a wrong password makes the engine hold the account back for a few
			// seconds
			assertThat(status(second, "admin", "ignored-once-created")).isEqualTo(401);
		}
	}

	@Test
	void thePasswordFromTheEnvironmentIsUsedAndNotPrinted(CapturedOutput output) throws IOException {
		String url = "jdbc:h2:file:" + Files.createTempDirectory("pipewright-admin").resolve("pw");
		try (ConfigurableApplicationContext app = start(url, "from-the-env")) {
			assertThat(status(app, "admin", "from-the-env")).isEqualTo(200);
			assertThat(output.getOut()).doesNotContain("from-the-env").doesNotContain("generated password");
		}
	}

	private static ConfigurableApplicationContext start(String url, String password) {
		// arguments, not builder properties: those are defaults that application.yaml
		// would override
		return new SpringApplicationBuilder(PipewrightApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + url + ";DB_CLOSE_ON_EXIT=FALSE",
				"--pipewright.admin.password=" + password);
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

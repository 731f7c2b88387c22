package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL restarted under load: while it is gone every request is refused with a 503
 * problem, nothing is half-written, and the server recovers by itself once it is back.
 */
class DatabaseOutagePostgresTests {

	@Test
	void theServerAnswers503WhileTheDatabaseIsGoneAndRecoversByItself() throws Exception {
		Path data = Files.createTempDirectory("pipewright-outage-");
		int port = freePort();
		EmbeddedPostgres postgres = start(data, port);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PipewrightApplication.class).run(
				"--server.port=0", "--pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD,
				"--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
				"--spring.datasource.username=postgres", "--spring.datasource.password=",
				// fail fast while the database is away rather than hold the caller
				"--spring.datasource.hikari.connection-timeout=1000")) {
			ApiClient admin = ApiClient
				.admin(Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
			String before = admin.createLead(Map.of("name", "Før Avbrudd AS")).path("id").asText();

			// four clients create leads the whole time
			Map<String, Integer> answers = new ConcurrentHashMap<>();
			Set<Integer> statuses = ConcurrentHashMap.newKeySet();
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger refused = new AtomicInteger();
			AtomicInteger created = new AtomicInteger();
			AtomicInteger sequence = new AtomicInteger();
			ExecutorService clients = Executors.newFixedThreadPool(4);
			for (int c = 0; c < 4; c++) {
				clients.execute(() -> {
					while (running.get()) {
						String externalId = "outage-" + sequence.incrementAndGet();
						ApiClient.Response response = admin.post("/api/leads",
								Map.of("name", "Kunde " + externalId, "externalId", externalId));
						answers.put(externalId, response.status());
						statuses.add(response.status());
						if (response.status() == 503) {
							refused.incrementAndGet();
							assertThat(response.json().path("type").asText()).endsWith("/database-unavailable");
							assertThat(response.headers().getFirst("Retry-After")).isEqualTo("5");
						}
						else if (response.status() == 201) {
							created.incrementAndGet();
						}
					}
				});
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> created.get() >= 10);

			postgres.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 5);
			ApiClient.Response whileGone = admin.get("/api/leads/{id}", before);
			assertThat(whileGone.status()).isEqualTo(503);
			assertThat(whileGone.contentType().toString()).startsWith("application/problem+json");

			postgres = start(data, port);
			int createdWhenBack = created.get();
			await().atMost(Duration.ofSeconds(60)).until(() -> created.get() >= createdWhenBack + 10);
			running.set(false);
			clients.shutdown();
			assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

			assertThat(statuses).as("every answer was a lead or a 503, never a 500").containsOnly(201, 503);
			assertThat(admin.lead(before).path("name").asText()).isEqualTo("Før Avbrudd AS");
			// nothing half-written: every lead there is whole, and a refused one is there
			// whole or not at all; sending it again makes it whole either way
			List<JsonNode> leads = ApiClient.list(admin.get("/api/leads?size=200").expect(200).path("content"));
			assertThat(admin.leadTotal()).isLessThanOrEqualTo(200);
			for (JsonNode lead : leads) {
				JsonNode whole = admin.lead(lead.path("id").asText());
				assertThat(whole.path("stage").path("id").asText()).as("lead %s", whole).isEqualTo("Stage_Prospecting");
				assertThat(admin.engineTasks(whole.path("id").asText())).hasSize(2);
			}
			answers.forEach((externalId, status) -> {
				ApiClient.Response again = admin.post("/api/leads",
						Map.of("name", "Kunde " + externalId, "externalId", externalId));
				assertThat(again.status()).isIn(200, 201);
				if (status == 201) {
					assertThat(again.status()).as("created before, so found again").isEqualTo(200);
				}
			});
			assertThat(admin.leadTotal()).isEqualTo(answers.size() + 1);
		}
		finally {
			postgres.close();
		}
	}

	private static EmbeddedPostgres start(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	/** The database comes back on the same port: see {@link TestPorts}. */
	private static int freePort() {
		return TestPorts.restartable();
	}

}

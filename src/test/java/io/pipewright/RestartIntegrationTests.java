package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A restart on the same database keeps every lead where it was and deploys nothing new.
 */
class RestartIntegrationTests {

	private final TestDatabases.Database database = TestDatabases.fresh();

	@Test
	void aRestartKeepsTheLeadsAndDeploysNothingNew() {
		record Before(String leadId, JsonNode lead, long deployments) {
		}
		Before before = whileRunning(admin -> {
			String id = admin.createLead(Map.of("name", "Persistent AS")).path("id").asText();
			JsonNode lead = admin.reportFacts(id, Map.of("interestConfirmed", true, "offerSize", 3));
			assertThat(lead.path("stage").path("id").asText()).isEqualTo("Stage_BookMeeting");
			return new Before(id, lead, count(admin, "/engine-rest/deployment/count"));
		});
		assertThat(before.deployments()).isPositive();

		whileRunning(admin -> {
			JsonNode lead = admin.lead(before.leadId());
			assertThat(lead.path("stage")).isEqualTo(before.lead().path("stage"));
			assertThat(lead.path("facts")).isEqualTo(before.lead().path("facts"));
			assertThat(lead.path("facts").path("interestConfirmed").booleanValue()).isTrue();
			assertThat(lead.path("facts").path("offerSize").asInt()).isEqualTo(3);
			assertThat(lead.path("stages")).isEqualTo(before.lead().path("stages"));
			assertThat(lead.path("tasks")).isEqualTo(before.lead().path("tasks"));
			assertThat(admin.engineTasks(before.leadId())).hasSize(2);
			assertThat(count(admin, "/engine-rest/deployment/count")).isEqualTo(before.deployments());
			assertThat(count(admin, "/engine-rest/process-definition/count?key=new-business")).isEqualTo(1);
			assertThat(admin.get("/api/pipelines/new-business").expect(200).path("version").asInt()).isEqualTo(1);
			assertThat(admin.leadTotal()).isEqualTo(1);
			return null;
		});
	}

	/**
	 * Starts Pipewright on this test's database, lets the admin work with it over HTTP,
	 * and stops it. The settings go in as command line arguments:
	 * {@code builder.properties(...)} are only defaults, which application.yaml's own
	 * datasource URL and admin password would override.
	 */
	private <T> T whileRunning(Function<ApiClient, T> work) {
		String[] arguments = Stream
			.concat(Stream.of("--server.port=0", "--pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD),
					Stream.of(database.arguments()))
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PipewrightApplication.class)
			.run(arguments)) {
			int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			return work.apply(ApiClient.admin(port));
		}
	}

	private static long count(ApiClient admin, String path) {
		return admin.get(path).expect(200).path("count").asLong(-1);
	}

}

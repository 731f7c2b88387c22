package io.pipewright.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.http.HttpHeaders;

/**
 * What operations sees: health probes anyone may call, with details only for a logged-in
 * user; a Prometheus scrape behind login with the leads moved and closed, tasks overdue,
 * list sync and the engine's job executor; history that expires and a cleanup that runs.
 */
@AutoConfigureObservability
class OperationsIntegrationTests extends RunningServer {

	@Autowired
	ProcessEngineConfigurationImpl engine;

	// ---- health ----

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void probesAnswerWithoutCredentialsAndShowNoDetails(String path) {
		JsonNode health = anonymous().get(path).expect(200);

		assertThat(health.path("status").asText()).isEqualTo("UP");
		// the names of the probe groups, at most; no components, no details
		assertThat(fieldNames(health)).as("%s shows %s", path, health).isSubsetOf("status", "groups");
	}

	@Test
	void readinessCoversTheDatabaseAndTheEngineForALoggedInUser() {
		JsonNode components = admin().get("/actuator/health/readiness").expect(200).path("components");

		assertThat(fieldNames(components)).contains("readinessState", "db", "processEngine", "jobExecutor");
		assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
		assertThat(components.path("jobExecutor").path("status").asText()).isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator" })
	void everythingElseInActuatorRequiresLogin(String path) {
		ApiClient.Response response = anonymous().get(path);

		response.expect(401);
		assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
	}

	// ---- Prometheus ----

	@Test
	void theScrapeCountsEachStageALeadEntersAndEachLeadClosed() {
		double prospecting = stageEntered("new-business", "Stage_Prospecting");
		double booking = stageEntered("new-business", "Stage_BookMeeting");
		double won = value(scrape(), "pipewright_leads_closed_total", "outcome", "won", "pipeline", "new-business")
			.orElse(0);

		String id = admin().createLead(lead("Metered AS", "pipeline", "new-business", "owner", newRep()))
			.path("id")
			.asText();
		admin().reportFacts(id, Map.of("interestConfirmed", true));
		admin().post("/api/leads/{id}/won", Map.of("value", 1000), id).expect(200);

		assertThat(stageEntered("new-business", "Stage_Prospecting")).isEqualTo(prospecting + 1);
		assertThat(stageEntered("new-business", "Stage_BookMeeting")).isEqualTo(booking + 1);
		assertThat(value(scrape(), "pipewright_leads_closed_total", "outcome", "won", "pipeline", "new-business"))
			.hasValue(won + 1);
	}

	@Test
	void theScrapeShowsTasksOverdueListSyncAndTheJobExecutor() {
		String scrape = scrape();

		assertThat(value(scrape, "pipewright_tasks_overdue")).isPresent();
		assertThat(value(scrape, "pipewright_lists_changes", "state", "pending")).isPresent();
		assertThat(value(scrape, "camunda_job_due")).isPresent();
		assertThat(value(scrape, "camunda_job_acquired_total", "result", "failure")).isPresent();
		assertThat(value(scrape, "camunda_job_execution_rejected_total")).isPresent();
		assertThat(value(scrape, "camunda_job_executed_total", "result", "failed")).isPresent();
		// the job executor has polled for jobs since the server started
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(value(scrape(), "camunda_job_acquisition_attempts_total").orElse(0)).isPositive());
	}

	@Test
	void aTaskPastItsDueDateCountsAsOverdue() {
		// the renewal pipeline with its first call due a second after it appears, under a
		// key of its own
		String bpmn = new String(fixture("modeler/two-stage.bpmn"), StandardCharsets.UTF_8)
			.replace("value=\"PT4H\"", "value=\"PT1S\"")
			.replace("<bpmn:process id=\"renewal\"", "<bpmn:process id=\"hasty-renewal\"")
			.replace("bpmnElement=\"renewal\"", "bpmnElement=\"hasty-renewal\"");
		admin().deploy("Hasty", "hasty-renewal.bpmn", bpmn.getBytes(StandardCharsets.UTF_8)).expect(200);

		admin().createLead(lead("Hasty AS", "pipeline", "hasty-renewal", "owner", newRep()));

		// the count is read at most every 30 seconds
		await().atMost(Duration.ofSeconds(45))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(value(scrape(), "pipewright_tasks_overdue")).hasValue(1));
	}

	@Test
	void aJobTheExecutorRunsIsCounted() {
		double before = value(scrape(), "camunda_job_executed_total", "result", "successful").orElse(0);

		// the history cleanup job, due now: the job executor picks it up at once
		admin().post("/engine-rest/history/cleanup?immediatelyDue=true", "{}").expect(200);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(value(scrape(), "camunda_job_executed_total", "result", "successful").orElse(0))
						.isGreaterThan(before));
	}

	// ---- history ----

	@Test
	void historyCleanupRunsRemovalTimeBasedInTheNightlyWindow() {
		JsonNode cleanup = admin().get("/engine-rest/history/cleanup/configuration").expect(200);

		assertThat(cleanup.path("enabled").asBoolean()).isTrue();
		assertThat(cleanup.path("batchWindowStartTime").isTextual()).as("window in %s", cleanup).isTrue();
		assertThat(hourOf(cleanup.path("batchWindowStartTime"))).isEqualTo(1);
		assertThat(hourOf(cleanup.path("batchWindowEndTime"))).isEqualTo(5);
		assertThat(ApiClient.list(admin().get("/engine-rest/history/cleanup/jobs").expect(200))).isNotEmpty();
		assertThat(engine.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
		assertThat(engine.getHistoryRemovalTimeStrategy()).isEqualTo("end");
		assertThat(engine.getHistoryTimeToLive()).isEqualTo("P180D");
		assertThat(engine.getBatchOperationHistoryTimeToLive()).isEqualTo("P180D");
		assertThat(engine.isEnforceHistoryTimeToLive()).isTrue();
	}

	@Test
	void aPipelineDeployedWithoutTimeToLiveKeepsItsHistoryForTheDefaultAndThenExpires() {
		String bpmn = new String(fixture("modeler/two-stage.bpmn"), StandardCharsets.UTF_8)
			.replace(" camunda:historyTimeToLive=\"P30D\"", "");
		assertThat(bpmn).doesNotContain("historyTimeToLive");

		JsonNode deployment = admin().deploy("No TTL", "two-stage.bpmn", bpmn.getBytes(StandardCharsets.UTF_8))
			.expect(200);
		String definitionId = deployment.path("deployedProcessDefinitions").fieldNames().next();
		JsonNode definition = admin().get("/engine-rest/process-definition/{id}", definitionId).expect(200);
		assertThat(definition.path("historyTimeToLive").asInt()).isEqualTo(180);

		String id = admin().createLead(lead("Expiring AS", "pipeline", "renewal")).path("id").asText();
		admin().reportFacts(id, Map.of("renewalWanted", true));
		admin().reportFacts(id, Map.of("renewalSigned", true));
		assertThat(admin().lead(id).path("status").asText()).isEqualTo("won");

		List<JsonNode> history = ApiClient
			.list(admin().get("/engine-rest/history/process-instance?processInstanceBusinessKey={id}", id).expect(200));
		assertThat(history).hasSize(1);
		Instant ended = engineTime(history.get(0).path("endTime")).toInstant();
		Instant removal = engineTime(history.get(0).path("removalTime")).toInstant();
		// counted in calendar days of the server's zone, so a summer time change may
		// shift it by an hour
		assertThat(removal).isBetween(ended.plus(Duration.ofDays(180)).minus(Duration.ofHours(1)),
				ended.plus(Duration.ofDays(180)).plus(Duration.ofHours(1)));
	}

	// ---- helpers ----

	private String scrape() {
		ApiClient.Response response = admin().browse("/actuator/prometheus");
		response.expect(200);
		return response.body();
	}

	private double stageEntered(String pipeline, String stage) {
		return value(scrape(), "pipewright_leads_stage_entered_total", "pipeline", pipeline, "stage", stage).orElse(0);
	}

	/**
	 * The sample of this metric with these labels (name, value, ...) in a Prometheus text
	 * scrape; empty when there is none.
	 */
	static OptionalDouble value(String scrape, String metric, String... labels) {
		return scrape.lines()
			.filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
			.filter(line -> {
				for (int i = 0; i < labels.length; i += 2) {
					if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
						return false;
					}
				}
				return true;
			})
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst();
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	/** Camunda answers the window as a date-time on the day it applies to. */
	private static int hourOf(JsonNode time) {
		return engineTime(time).atZoneSameInstant(ZoneId.systemDefault()).getHour();
	}

	/** A date-time as engine-rest writes it: {@code 2026-11-25T01:00:00.000+0100}. */
	private static OffsetDateTime engineTime(JsonNode time) {
		assertThat(time.isTextual()).as("a date-time: %s", time).isTrue();
		return OffsetDateTime.parse(time.asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
	}

}

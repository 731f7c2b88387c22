package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An admin deploys pipelines from Camunda Modeler through engine-rest; any BPMN that
 * follows the modelling contract runs, and one that breaks it is refused with a message
 * naming the element.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelerDeploymentIntegrationTests extends RunningServer {

	private static final String CALL = "Call the customer about the renewal";

	private static final String QUOTE = "Prepare the renewal quote";

	@BeforeAll
	void deployTheRenewalPipeline() {
		JsonNode deployment = admin().deploy("Renewal", "two-stage.bpmn", fixture("modeler/two-stage.bpmn"))
			.expect(200);

		assertThat(deployment.path("source").asText()).isEqualTo("Camunda Modeler");
		assertThat(deployment.path("deployedProcessDefinitions").findValuesAsText("key")).containsExactly("renewal");
	}

	@Test
	void aLeadOnTheDeployedPipelineGetsItsFirstStageAndTasks() {
		String rep = newRep();

		JsonNode lead = admin().createLead(lead("Renewal AS", "pipeline", "renewal", "owner", rep));

		assertThat(lead.path("pipeline").path("key").asText()).isEqualTo("renewal");
		assertThat(lead.path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(stageId(lead)).isEqualTo("Stage_Review");
		assertThat(lead.path("stage").path("name").asText()).isEqualTo("Review the contract");
		List<JsonNode> tasks = tasks(lead);
		assertThat(tasks).hasSize(2);
		JsonNode call = only(tasks, named(CALL));
		assertThat(call.path("assignee").asText()).isEqualTo(rep);
		assertThat(instant(call.path("due"))).isCloseTo(instant(call.path("created")).plus(Duration.ofHours(4)),
				within(1, ChronoUnit.MINUTES));
		JsonNode quote = only(tasks, named(QUOTE));
		assertThat(quote.hasNonNull("assignee")).as("assignee of %s", quote).isFalse();
		assertThat(ApiClient.list(quote.path("candidateGroups"))).extracting(JsonNode::asText).containsExactly("sales");

		String id = lead.path("id").asText();
		List<JsonNode> forSales = ApiClient.list(
				admin().get("/engine-rest/task?processInstanceBusinessKey={id}&candidateGroup=sales", id).expect(200));
		assertThat(forSales).extracting(task -> task.path("name").asText()).containsExactly(QUOTE);
	}

	@Test
	void thePipelineWinsTheLeadByItselfAtItsOutcomeEndEvent() {
		String id = admin().createLead(lead("Loyal AS", "pipeline", "renewal")).path("id").asText();

		JsonNode signing = admin().reportFacts(id, Map.of("renewalWanted", true));
		assertThat(stageId(signing)).isEqualTo("Stage_Sign");
		assertThat(tasks(signing)).extracting(task -> task.path("name").asText())
			.containsExactly("Send the renewal for signature");

		Instant before = Instant.now();
		admin().reportFacts(id, Map.of("renewalSigned", true));

		JsonNode lead = admin().lead(id);
		assertThat(lead.path("status").asText()).isEqualTo("won");
		assertThat(instant(lead.path("closedAt"))).isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(lead.has("stage")).as("no current stage: %s", lead.path("stage")).isFalse();
		assertThat(tasks(lead)).isEmpty();
		assertThat(passedStageIds(lead)).containsExactly("Stage_Review", "Stage_Sign");
		assertThat(passedStage(lead, "Stage_Sign").path("leftBy").asText()).isEqualTo("goal");
		assertThat(lead.path("facts").path("renewalSigned").booleanValue()).isTrue();
		assertThat(processInstances(id)).isEmpty();
	}

	/**
	 * The pipeline catches neither LeadWon nor LeadLost; the API closes the lead and ends
	 * its process anyway.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "lost", "won" })
	void aLeadIsClosedThroughTheApiAlthoughThePipelineCatchesNoMessage(String outcome) {
		String id = admin().createLead(lead("Leaving AS", "pipeline", "renewal")).path("id").asText();
		assertThat(processInstances(id)).hasSize(1);
		Map<String, Object> body = outcome.equals("lost") ? Map.of("reason", "Moved to a competitor")
				: Map.of("value", 5000);

		JsonNode closed = admin().post("/api/leads/{id}/" + outcome, body, id).expect(200);

		assertThat(closed.path("status").asText()).isEqualTo(outcome);
		if (outcome.equals("lost")) {
			assertThat(closed.path("closeReason").asText()).isEqualTo("Moved to a competitor");
		}
		else {
			assertThat(closed.path("value").decimalValue()).isEqualByComparingTo("5000");
		}
		assertThat(tasks(closed)).isEmpty();
		assertThat(admin().engineTasks(id)).isEmpty();
		assertThat(processInstances(id)).isEmpty();
		assertThat(passedStage(closed, "Stage_Review").path("leftBy").asText()).isEqualTo(outcome);
		assertThat(admin().lead(id).path("status").asText()).isEqualTo(outcome);
	}

	static Stream<Arguments> brokenPipelines() {
		return Stream.of(arguments("broken-due-in.bpmn", "broken-due-in", "Task_CallTomorrow", "tomorrow"),
				arguments("broken-goal-condition.bpmn", "broken-goal-condition", "Goal_MeetingBooked", "meetingBooked"),
				arguments("broken-outcome.bpmn", "broken-outcome", "End_Maybe", "maybe"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenPipelines")
	void aPipelineThatBreaksTheContractIsRefusedNamingTheElement(String file, String key, String elementId,
			String badValue) {
		ApiClient.Response response = admin().deploy("Broken", file, fixture("modeler/" + file));

		JsonNode error = response.expect(400);
		assertThat(error.path("type").asText()).isNotBlank();
		assertThat(error.path("message").asText()).contains(elementId).contains(badValue);
		assertThat(
				admin().get("/engine-rest/process-definition/count?key={key}", key).expect(200).path("count").asLong())
			.isZero();
		admin().get("/api/pipelines/{key}", key).expectProblem(404, null);
	}

	@Test
	void thePipelinesListShowsTheDeployedPipelineBesideTheShippedOnes() {
		List<JsonNode> pipelines = ApiClient.list(admin().get("/api/pipelines").expect(200));

		assertThat(pipelines).extracting(pipeline -> pipeline.path("key").asText())
			.containsExactlyInAnyOrder("new-business", "renewals", "renewal");
		JsonNode renewal = admin().get("/api/pipelines/renewal").expect(200);
		assertThat(renewal.path("name").asText()).isEqualTo("Renewal");
		List<JsonNode> stages = ApiClient.list(renewal.path("stages"));
		assertThat(stages).extracting(stage -> stage.path("id").asText()).containsExactly("Stage_Review", "Stage_Sign");
		assertThat(stages.get(0).path("goal").path("condition").asText()).isEqualTo("${renewalWanted}");
		assertThat(ApiClient.list(stages.get(0).path("tasks"))).extracting(task -> task.path("dueIn").asText())
			.containsExactlyInAnyOrder("PT4H", "P1D");
	}

	private List<JsonNode> processInstances(String leadId) {
		return ApiClient.list(admin().get("/engine-rest/process-instance?businessKey={id}", leadId).expect(200));
	}

}

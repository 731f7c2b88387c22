package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An admin moves a pipeline's open leads to its newest version over HTTP, after deploying
 * that version from the Modeler. Version 1 of the test pipeline has Qualify, Meet the
 * customer and Offer; version 2 renames Qualify (new guidance, new goal name) and drops
 * Meet the customer. Each test deploys under a key of its own.
 */
class PipelineMigrationIntegrationTests extends RunningServer {

	@Test
	void migrationMovesOpenLeadsAndReportsTheOnesItCannotMove() {
		String key = deploy(unique("staircase"), 1);
		String rep = newRep();
		String qualifying = create("Qualifying AS", key, rep);
		String meeting = create("Meeting AS", key, rep);
		admin().reportFacts(meeting, Map.of("qualified", true));
		String offering = create("Offering AS", key, rep);
		admin().reportFacts(offering, Map.of("qualified", true));
		assertThat(stageId(admin().reportFacts(offering, Map.of("meetingHeld", true)))).isEqualTo("Stage_Offer");
		String lost = create("Lost AS", key, rep);
		admin().post("/api/leads/{id}/lost", Map.of("reason", "No budget"), lost).expect(200);
		JsonNode before = admin().lead(qualifying);
		String callTask = only(tasks(before), named("Call the customer")).path("id").asText();
		deploy(key, 2);

		JsonNode report = admin().post("/api/pipelines/{key}/migrate", null, key).expect(200);

		assertThat(report.path("pipeline").path("key").asText()).isEqualTo(key);
		assertThat(report.path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(report.path("dryRun").asBoolean(true)).isFalse();
		assertThat(report.path("moved").asInt()).as("moved in %s", report).isEqualTo(2);
		assertThat(report.path("alreadyCurrent").asInt()).isZero();
		JsonNode stuck = only(ApiClient.list(report.path("notMoved")), node -> true);
		assertThat(stuck.path("leadId").asText()).isEqualTo(meeting);
		assertThat(stuck.path("leadName").asText()).isEqualTo("Meeting AS");
		assertThat(stuck.path("version").asInt()).isEqualTo(1);
		assertThat(stuck.path("stage").path("id").asText()).isEqualTo("Stage_Meet");
		assertThat(stuck.path("stage").path("name").asText()).isEqualTo("Meet the customer");
		assertThat(stuck.path("reason").asText()).contains("stage 'Meet the customer'")
			.contains("version 2")
			.contains("no longer has");

		// the moved lead runs on version 2, in its renamed stage, with the same tasks
		JsonNode moved = admin().lead(qualifying);
		assertThat(moved.path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(stageId(moved)).isEqualTo("Stage_Qualify");
		assertThat(moved.path("stage").path("name").asText()).isEqualTo("Qualify the lead");
		assertThat(moved.path("stage").path("enteredAt")).isEqualTo(before.path("stage").path("enteredAt"));
		assertThat(tasks(moved)).extracting(task -> task.path("id").asText()).containsExactly(callTask);
		assertThat(processDefinitionOf(qualifying)).isEqualTo(definitionId(key, 2));
		// the task form in Tasklist shows the stage's words from version 2
		JsonNode words = admin().get("/engine-rest/task/{id}/form-variables", callTask).expect(200);
		assertThat(words.path("stageName").path("value").asText()).isEqualTo("Qualify the lead");
		assertThat(words.path("stageGuidance").path("value").asText())
			.isEqualTo("Find out whether they need us, and who decides.");
		assertThat(words.path("goalName").path("value").asText()).isEqualTo("Need and decision maker known");
		assertThat(words.path("goalFacts").path("value").asText()).isEqualTo("qualified,referred");
		// a renamed task carries its new name, in Tasklist and in the history
		JsonNode offer = only(tasks(admin().lead(offering)), task -> true);
		String offerTask = offer.path("id").asText();
		assertThat(offer.path("name").asText()).isEqualTo("Send the offer and book the follow-up");
		assertThat(admin().get("/engine-rest/task/{id}", offerTask).expect(200).path("name").asText())
			.isEqualTo("Send the offer and book the follow-up");
		assertThat(timeline(offering)).filteredOn(entry -> entry.path("type").asText().equals("task-created"))
			.last()
			.satisfies(entry -> assertThat(entry.path("detail").path("task").asText())
				.isEqualTo("Send the offer and book the follow-up"));
		JsonNode migrated = only(timeline(qualifying), entry -> entry.path("type").asText().equals("migrated"));
		assertThat(migrated.path("actor").asText()).isEqualTo(ApiClient.ADMIN);
		assertThat(migrated.path("detail").path("from").asInt()).isEqualTo(1);
		assertThat(migrated.path("detail").path("to").asInt()).isEqualTo(2);
		assertThat(migrated.path("detail").path("stage").asText()).isEqualTo("Qualify the lead");
		assertThat(migrated.path("detail").path("stageWas").asText()).isEqualTo("Qualify");

		// its goal still fires, and version 2 goes from Qualify straight to the offer
		JsonNode onward = admin().reportFacts(qualifying, Map.of("qualified", true));
		assertThat(stageId(onward)).isEqualTo("Stage_Offer");
		JsonNode qualified = passedStage(onward, "Stage_Qualify");
		assertThat(qualified.path("name").asText()).isEqualTo("Qualify the lead");
		assertThat(qualified.path("leftBy").asText()).isEqualTo("goal");
		assertThat(instant(qualified.path("leftAt"))).isAfterOrEqualTo(instant(qualified.path("enteredAt")));
		assertThat(ApiClient.list(qualified.path("tasks"))).singleElement()
			.satisfies(task -> assertThat(task.path("outcome").asText()).isEqualTo("skipped"));
		assertThat(admin().reportFacts(offering, Map.of("offerAccepted", true)).path("status").asText())
			.isEqualTo("won");

		// the lead left behind keeps working on version 1; the closed one was not touched
		JsonNode behind = admin().lead(meeting);
		assertThat(behind.path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(timeline(meeting)).noneMatch(entry -> entry.path("type").asText().equals("migrated"));
		assertThat(stageId(admin().reportFacts(meeting, Map.of("meetingHeld", true)))).isEqualTo("Stage_Offer");
		JsonNode closed = admin().lead(lost);
		assertThat(closed.path("status").asText()).isEqualTo("lost");
		assertThat(closed.path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(timeline(lost)).noneMatch(entry -> entry.path("type").asText().equals("migrated"));

		// now in a stage version 2 has, the lead left behind moves on the next call
		JsonNode again = admin().post("/api/pipelines/{key}/migrate", "{}", key).expect(200);
		assertThat(again.path("moved").asInt()).isEqualTo(1);
		assertThat(again.path("alreadyCurrent").asInt()).as("the lead moved before").isEqualTo(1);
		assertThat(ApiClient.list(again.path("notMoved"))).isEmpty();
		assertThat(admin().lead(meeting).path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(admin().reportFacts(meeting, Map.of("offerAccepted", true)).path("status").asText())
			.isEqualTo("won");
	}

	/**
	 * Version 2 lets a referral qualify a lead too: a lead already referred reaches the
	 * goal the moment it moves, as it would on entering the stage.
	 */
	@Test
	void aGoalTheNewVersionHoldsAlreadyMovesTheLeadOnAtOnce() {
		String key = deploy(unique("staircase"), 1);
		String referred = create("Referred AS", key, null);
		assertThat(stageId(admin().reportFacts(referred, Map.of("referred", true)))).isEqualTo("Stage_Qualify");
		deploy(key, 2);

		JsonNode report = admin().post("/api/pipelines/{key}/migrate", "{}", key).expect(200);

		assertThat(report.path("moved").asInt()).isEqualTo(1);
		JsonNode lead = admin().lead(referred);
		assertThat(lead.path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(stageId(lead)).isEqualTo("Stage_Offer");
		assertThat(lead.path("stage").path("name").asText()).isEqualTo("Offer");
		assertThat(passedStage(lead, "Stage_Qualify").path("leftBy").asText()).isEqualTo("goal");
		assertThat(passedStage(lead, "Stage_Qualify").path("name").asText()).isEqualTo("Qualify the lead");
		assertThat(timeline(referred)).extracting(entry -> entry.path("type").asText())
			.containsSubsequence("facts-reported", "migrated", "stage-left", "stage-entered");
	}

	/**
	 * Version 3 replaces the offer stage's task with another: the stage stays, but a lead
	 * waiting in the old task has nowhere to go, and the reason names the task.
	 */
	@Test
	void aLeadWaitingInATaskTheNewVersionReplacedStaysNamingTheTask() {
		String key = deploy(unique("staircase"), "staircase-v2.bpmn", 1);
		String offering = create("Offering AS", key, null);
		admin().reportFacts(offering, Map.of("qualified", true));
		String qualifying = create("Qualifying AS", key, null);
		deploy(key, "staircase-v3.bpmn", 2);

		JsonNode report = admin().post("/api/pipelines/{key}/migrate", "{}", key).expect(200);

		assertThat(report.path("moved").asInt()).isEqualTo(1);
		JsonNode stuck = only(ApiClient.list(report.path("notMoved")), node -> true);
		assertThat(stuck.path("leadId").asText()).isEqualTo(offering);
		assertThat(stuck.path("stage").path("id").asText()).isEqualTo("Stage_Offer");
		assertThat(stuck.path("reason").asText())
			.isEqualTo("its task 'Send the offer and book the follow-up' (Task_SendOffer) in stage 'Offer'"
					+ " has no counterpart in that stage in version 2");
		assertThat(admin().lead(qualifying).path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(admin().lead(offering).path("pipeline").path("version").asInt()).isEqualTo(1);
	}

	/**
	 * An admin who migrates through engine-rest moves the process but not Pipewright's
	 * row; the next migrate call counts the lead as current and its row catches up.
	 */
	@Test
	void aLeadMovedInTheEngineDirectlyIsCountedCurrentAndCatchesUp() {
		String key = deploy(unique("staircase"), 1);
		String lead = create("Engine AS", key, null);
		deploy(key, 2);
		JsonNode plan = admin()
			.post("/engine-rest/migration/generate", Map.of("sourceProcessDefinitionId", definitionId(key, 1),
					"targetProcessDefinitionId", definitionId(key, 2), "updateEventTriggers", true))
			.expect(200);
		admin()
			.post("/engine-rest/migration/execute",
					Map.of("migrationPlan", plan, "processInstanceIds", List.of(processInstanceOf(lead))))
			.expect(204);
		assertThat(admin().lead(lead).path("pipeline").path("version").asInt()).as("the row lags behind").isEqualTo(1);

		JsonNode report = admin().post("/api/pipelines/{key}/migrate", "{}", key).expect(200);

		assertThat(report.path("moved").asInt()).isZero();
		assertThat(report.path("alreadyCurrent").asInt()).isEqualTo(1);
		JsonNode caughtUp = admin().lead(lead);
		assertThat(caughtUp.path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(caughtUp.path("stage").path("name").asText()).isEqualTo("Qualify the lead");
		JsonNode migrated = only(timeline(lead), entry -> entry.path("type").asText().equals("migrated"));
		assertThat(migrated.path("detail").path("by").asText()).isEqualTo("engine");
	}

	@Test
	void aDryRunReportsTheSameButChangesNothing() {
		String key = deploy(unique("staircase"), 1);
		String qualifying = create("Dry AS", key, null);
		String meeting = create("Dry Meeting AS", key, null);
		admin().reportFacts(meeting, Map.of("qualified", true));
		String callTask = only(tasks(admin().lead(qualifying)), named("Call the customer")).path("id").asText();
		deploy(key, 2);

		JsonNode report = admin().post("/api/pipelines/{key}/migrate", Map.of("dryRun", true), key).expect(200);

		assertThat(report.path("dryRun").asBoolean()).isTrue();
		assertThat(report.path("moved").asInt()).isEqualTo(1);
		assertThat(ApiClient.list(report.path("notMoved"))).singleElement()
			.satisfies(stuck -> assertThat(stuck.path("leadId").asText()).isEqualTo(meeting));
		JsonNode unchanged = admin().lead(qualifying);
		assertThat(unchanged.path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(unchanged.path("stage").path("name").asText()).isEqualTo("Qualify");
		assertThat(processDefinitionOf(qualifying)).isEqualTo(definitionId(key, 1));
		assertThat(admin().get("/engine-rest/task/{id}/form-variables", callTask)
			.expect(200)
			.path("stageGuidance")
			.path("value")
			.asText()).isEqualTo("Find out whether they need us.");
		assertThat(timeline(qualifying)).noneMatch(entry -> entry.path("type").asText().equals("migrated"));

		JsonNode real = admin().post("/api/pipelines/{key}/migrate", Map.of("dryRun", false), key).expect(200);
		assertThat(real.path("moved").asInt()).isEqualTo(1);
		assertThat(admin().lead(qualifying).path("pipeline").path("version").asInt()).isEqualTo(2);
	}

	@Test
	void onlyTheNamedLeadsMoveAndANamedClosedLeadIsReported() {
		String key = deploy(unique("staircase"), 1);
		String chosen = create("Chosen AS", key, null);
		String other = create("Other AS", key, null);
		String closed = create("Closed AS", key, null);
		admin().post("/api/leads/{id}/won", null, closed).expect(200);
		deploy(key, 2);

		JsonNode report = admin()
			.post("/api/pipelines/{key}/migrate", Map.of("leads", List.of(chosen, closed, chosen)), key)
			.expect(200);

		assertThat(report.path("moved").asInt()).isEqualTo(1);
		JsonNode refused = only(ApiClient.list(report.path("notMoved")), node -> true);
		assertThat(refused.path("leadId").asText()).isEqualTo(closed);
		assertThat(refused.path("reason").asText()).contains("closed (won)");
		assertThat(admin().lead(chosen).path("pipeline").path("version").asInt()).isEqualTo(2);
		assertThat(admin().lead(other).path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(admin().lead(closed).path("pipeline").path("version").asInt()).isEqualTo(1);
	}

	@Test
	void anUnknownPipelineIsNotFound() {
		JsonNode problem = admin().post("/api/pipelines/{key}/migrate", "{}", "no-such-pipeline")
			.expectProblem(404, null);

		assertThat(problem.path("type").asText()).endsWith("/unknown-pipeline");
		assertThat(problem.path("detail").asText()).contains("no-such-pipeline");
	}

	@Test
	void migratingNeedsALogin() {
		assertThat(anonymous().post("/api/pipelines/{key}/migrate", "{}", "new-business").status()).isEqualTo(401);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"dryRun": "perhaps"}           | dryRun
			{"dryRn": true}                 | dryRn
			{"leads": []}                   | leads
			{"leads": [""]}                 | leads[0]
			{"leads": ["no-such-lead"]}     | leads[0]
			{"leads": "no-such-lead"}       | leads
			{"dryRun": "true"}              | dryRun
			{"leads": ["nul\\u0000"]}       | leads[0]
			""")
	void aBadBodyIsRefusedNamingTheFieldAndMovesNothing(String body, String field) {
		String key = deploy(unique("staircase"), 1);
		String lead = create("Waiting AS", key, null);
		deploy(key, 2);

		admin().post("/api/pipelines/{key}/migrate", body, key).expectProblem(400, field);

		assertThat(admin().lead(lead).path("pipeline").path("version").asInt()).isEqualTo(1);
	}

	@Test
	void aLeadOfAnotherPipelineIsRefusedNamingIt() {
		String key = deploy(unique("staircase"), 1);
		String elsewhere = admin().createLead(lead("Elsewhere AS")).path("id").asText();

		JsonNode problem = admin().post("/api/pipelines/{key}/migrate", Map.of("leads", List.of(elsewhere)), key)
			.expectProblem(400, "leads[0]");

		assertThat(problem.path("detail").asText()).contains("new-business");
	}

	private String create(String name, String key, String owner) {
		return admin().createLead(lead(name, "pipeline", key, "owner", owner)).path("id").asText();
	}

	private List<JsonNode> timeline(String leadId) {
		return ApiClient.list(admin().get("/api/leads/{id}/timeline", leadId).expect(200));
	}

	private String processDefinitionOf(String leadId) {
		return processInstance(leadId).path("definitionId").asText();
	}

	private String processInstanceOf(String leadId) {
		return processInstance(leadId).path("id").asText();
	}

	private JsonNode processInstance(String leadId) {
		List<JsonNode> instances = ApiClient
			.list(admin().get("/engine-rest/process-instance?businessKey={id}", leadId).expect(200));
		assertThat(instances).hasSize(1);
		return instances.get(0);
	}

	private String definitionId(String key, int version) {
		List<JsonNode> definitions = ApiClient
			.list(admin().get("/engine-rest/process-definition?key={key}&version={version}", key, version).expect(200));
		assertThat(definitions).hasSize(1);
		return definitions.get(0).path("id").asText();
	}

	/**
	 * Deploys the test pipeline's version 1 or 2 under this key, as the Modeler does; the
	 * engine numbers the versions of a key itself.
	 */
	private String deploy(String key, int version) {
		return deploy(key, "staircase-v" + version + ".bpmn", version);
	}

	private String deploy(String key, String file, int version) {
		String bpmn = new String(fixture("migration/" + file), StandardCharsets.UTF_8).replace("id=\"staircase\"",
				"id=\"" + key + "\"");
		JsonNode deployment = admin()
			.deploy("Staircase v" + version, key + ".bpmn", bpmn.getBytes(StandardCharsets.UTF_8))
			.expect(200);
		assertThat(deployment.path("deployedProcessDefinitions").findValuesAsText("version"))
			.containsExactly(String.valueOf(version));
		return key;
	}

}

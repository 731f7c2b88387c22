package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The lead API end to end: a real server, its engine and database, spoken to over HTTP
 * only.
 */
class LeadApiIntegrationTests extends RunningServer {

	private static final String RESEARCH = "Research the company and find the decision maker";

	private static final String INTRO_CALL = "Call to introduce us";

	@Test
	void createsALeadInTheFirstStageWithTasksForItsOwner() {
		String rep = newRep();
		Instant before = Instant.now();
		ApiClient.Response response = admin().post("/api/leads",
				lead("Fjordkraft AS", "company", "Fjordkraft", "owner", rep, "value", 120000, "currency", "SEK"));
		JsonNode lead = response.expect(201);
		Instant after = Instant.now();

		String id = lead.path("id").asText();
		assertThat(id).isNotBlank();
		assertThat(response.headers().getLocation()).as("Location").isNotNull();
		assertThat(response.headers().getLocation().getPath()).isEqualTo("/api/leads/" + id);
		assertThat(lead.path("name").asText()).isEqualTo("Fjordkraft AS");
		assertThat(lead.path("owner").asText()).isEqualTo(rep);
		assertThat(lead.path("currency").asText()).isEqualTo("SEK");
		assertThat(lead.path("value").decimalValue()).isEqualByComparingTo("120000");
		assertThat(lead.path("status").asText()).isEqualTo("open");
		assertThat(lead.path("pipeline").path("key").asText()).isEqualTo("new-business");
		assertThat(lead.path("pipeline").path("version").asInt()).isEqualTo(1);
		assertThat(stageId(lead)).isEqualTo("Stage_Prospecting");
		assertThat(lead.path("stage").path("name").asText()).isEqualTo("Prospecting");
		assertThat(instant(lead.path("stage").path("enteredAt"))).isBetween(before.minusSeconds(1),
				after.plusSeconds(1));
		assertThat(lead.path("facts").isObject()).as("facts: %s", lead.path("facts")).isTrue();
		assertThat(lead.path("facts").size()).isZero();
		assertThat(stages(lead)).isEmpty();

		List<JsonNode> tasks = tasks(lead);
		assertThat(tasks).extracting(task -> task.path("name").asText())
			.containsExactlyInAnyOrder(RESEARCH, INTRO_CALL);
		assertThat(tasks).allSatisfy(task -> assertThat(task.path("assignee").asText()).isEqualTo(rep));
		assertDueIn(only(tasks, named(RESEARCH)), Period.ofDays(2));
		assertDueIn(only(tasks, named(INTRO_CALL)), Period.ofDays(3));

		JsonNode fetched = admin().get(response.headers().getLocation().getPath()).expect(200);
		assertThat(fetched.path("id").asText()).isEqualTo(id);
		assertThat(stageId(fetched)).isEqualTo("Stage_Prospecting");
		assertThat(tasks(fetched)).hasSize(2);
	}

	@Test
	void aLeadWithoutPipelineOrCurrencyGetsTheDefaults() {
		JsonNode lead = admin().createLead(lead("Defaults AS"));

		assertThat(lead.path("pipeline").path("key").asText()).isEqualTo("new-business");
		assertThat(lead.path("currency").asText()).isEqualTo("NOK");
		assertThat(stageId(lead)).isEqualTo("Stage_Prospecting");
	}

	@Test
	void theSameExternalIdTwiceAnswersTheExistingLeadAndChangesNothing() {
		String externalId = unique("crm-");
		JsonNode first = admin().createLead(lead("Original AS", "externalId", externalId, "value", 1000));
		long total = admin().leadTotal();

		ApiClient.Response again = admin().post("/api/leads",
				lead("Changed AS", "externalId", externalId, "value", 999999, "currency", "EUR"));

		JsonNode second = again.expect(200);
		assertThat(second.path("id").asText()).isEqualTo(first.path("id").asText());
		assertThat(second.path("name").asText()).isEqualTo("Original AS");
		assertThat(second.path("value").decimalValue()).isEqualByComparingTo("1000");
		assertThat(second.path("currency").asText()).isEqualTo("NOK");
		assertThat(admin().leadTotal()).isEqualTo(total);
		JsonNode stored = admin().lead(first.path("id").asText());
		assertThat(stored.path("name").asText()).isEqualTo("Original AS");
		assertThat(stored.path("value").decimalValue()).isEqualByComparingTo("1000");
	}

	@Test
	void reachingTheGoalMovesTheLeadOnAndSkipsTheStagesTasks() {
		String rep = newRep();
		String id = admin().createLead(lead("Goal AS", "owner", rep)).path("id").asText();

		JsonNode lead = admin().reportFacts(id, Map.of("interestConfirmed", true));

		assertThat(stageId(lead)).isEqualTo("Stage_BookMeeting");
		assertThat(lead.path("stage").path("name").asText()).isEqualTo("Booking a meeting");
		JsonNode prospecting = stages(lead).get(0);
		assertThat(prospecting.path("id").asText()).isEqualTo("Stage_Prospecting");
		assertThat(prospecting.path("name").asText()).isEqualTo("Prospecting");
		assertThat(prospecting.path("leftBy").asText()).isEqualTo("goal");
		assertThat(prospecting.path("leftAt").isTextual()).isTrue();
		assertThat(ApiClient.list(prospecting.path("tasks"))).hasSize(2)
			.allSatisfy(task -> assertThat(task.path("outcome").asText()).isEqualTo("skipped"));
		assertThat(lead.path("facts").path("interestConfirmed").isBoolean()).isTrue();
		assertThat(lead.path("facts").path("interestConfirmed").booleanValue()).isTrue();
		assertThat(tasks(lead)).extracting(task -> task.path("name").asText())
			.containsExactlyInAnyOrder("Call to book a meeting", "Send the meeting invitation with an agenda");
		assertThat(admin().engineTasks(id)).extracting(task -> task.path("name").asText())
			.containsExactlyInAnyOrder("Call to book a meeting", "Send the meeting invitation with an agenda");
	}

	@Test
	void aGoalAlreadyReachedOnEntrySkipsTheStage() {
		String id = admin().createLead(lead("Eager AS")).path("id").asText();

		JsonNode early = admin().reportFacts(id, Map.of("meetingAgreed", true));
		assertThat(stageId(early)).isEqualTo("Stage_Prospecting");
		assertThat(stages(early)).isEmpty();

		JsonNode lead = admin().reportFacts(id, Map.of("interestConfirmed", true));

		assertThat(stageId(lead)).isEqualTo("Stage_FirstVisit");
		assertThat(passedStageIds(lead)).containsExactly("Stage_Prospecting", "Stage_BookMeeting");
		JsonNode booking = passedStage(lead, "Stage_BookMeeting");
		assertThat(booking.path("leftBy").asText()).isEqualTo("goal");
		assertThat(ApiClient.list(booking.path("tasks")))
			.allSatisfy(task -> assertThat(task.path("outcome").asText()).isEqualTo("skipped"));
		assertThat(lead.path("facts").path("meetingAgreed").booleanValue()).isTrue();
	}

	@Test
	void completingAllOfAStagesTasksInTasklistMovesTheLeadOn() {
		String rep = newRep();
		ApiClient tasklist = anonymous().as(rep, rep + "-secret");
		String id = admin().createLead(lead("Diligent AS", "owner", rep)).path("id").asText();
		List<JsonNode> open = tasklist.engineTasks(id);
		assertThat(open).hasSize(2).allSatisfy(task -> assertThat(task.path("assignee").asText()).isEqualTo(rep));

		tasklist.completeTask(open.get(0).path("id").asText());
		assertThat(stageId(admin().lead(id))).isEqualTo("Stage_Prospecting");
		tasklist.completeTask(open.get(1).path("id").asText());

		JsonNode lead = admin().lead(id);
		assertThat(stageId(lead)).isEqualTo("Stage_BookMeeting");
		JsonNode prospecting = passedStage(lead, "Stage_Prospecting");
		assertThat(prospecting.path("leftBy").asText()).isEqualTo("completed");
		assertThat(ApiClient.list(prospecting.path("tasks"))).hasSize(2).allSatisfy(task -> {
			assertThat(task.path("outcome").asText()).isEqualTo("done");
			assertThat(task.path("endedBy").asText()).isEqualTo(rep);
		});
		assertThat(tasklist.engineTasks(id)).extracting(task -> task.path("name").asText())
			.containsExactlyInAnyOrder("Call to book a meeting", "Send the meeting invitation with an agenda");
	}

	@Test
	void anUnreportedFactAtTheGatewayTakesTheDefaultWayWithoutAnIncident() {
		String id = leadInFirstVisit("Gateway AS");

		JsonNode lead = admin().reportFacts(id, facts("needConfirmed", true, "budgetConfirmed", true));

		assertThat(stageId(lead)).isEqualTo("Stage_FollowUpVisit");
		assertThat(passedStage(lead, "Stage_FirstVisit").path("leftBy").asText()).isEqualTo("goal");
		String processInstanceId = ApiClient
			.list(admin().get("/engine-rest/process-instance?businessKey={id}", id).expect(200))
			.get(0)
			.path("id")
			.asText();
		assertThat(ApiClient
			.list(admin().get("/engine-rest/incident?processInstanceId={pi}", processInstanceId).expect(200)))
			.isEmpty();
	}

	@Test
	void decisionMakersMetTogetherWithNeedAndBudgetSkipsTheFollowUpVisit() {
		String id = leadInFirstVisit("Fast track AS");

		JsonNode lead = admin().reportFacts(id,
				facts("needConfirmed", true, "budgetConfirmed", true, "decisionMakersMet", true));

		assertThat(stageId(lead)).isEqualTo("Stage_Offer");
		assertThat(passedStageIds(lead)).containsExactly("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit");
	}

	@Test
	void theLastGoalWinsTheLeadByItself() {
		String id = leadInFirstVisit("Signed AS");
		admin().reportFacts(id, facts("needConfirmed", true, "budgetConfirmed", true, "decisionMakersMet", true));
		assertThat(stageId(admin().reportFacts(id, Map.of("offerAccepted", true)))).isEqualTo("Stage_Close");

		JsonNode lead = admin().reportFacts(id, Map.of("contractSigned", true));

		assertThat(lead.path("status").asText()).isEqualTo("won");
		assertThat(lead.has("stage")).isFalse();
		assertThat(tasks(lead)).isEmpty();
		assertThat(passedStageIds(lead)).containsExactly("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit",
				"Stage_Offer", "Stage_Close");
		assertThat(stages(lead)).allSatisfy(stage -> assertThat(stage.path("leftBy").asText()).isEqualTo("goal"));
		assertThat(lead.path("facts").path("contractSigned").booleanValue()).isTrue();
		assertThat(admin().engineTasks(id)).isEmpty();
	}

	@Test
	void patchChangesOnlyTheFieldsSentAndKeepsEveryCloseDateChange() {
		String rep1 = newRep();
		String rep2 = newRep();
		LocalDate march = LocalDate.now().plusMonths(3);
		LocalDate april = march.plusMonths(1);
		LocalDate may = april.plusMonths(1);
		String id = admin()
			.createLead(lead("Patch AS", "company", "Acme", "email", "per@acme.no", "phone", "+47 22 00 00 00",
					"territory", "Vest", "value", 50000, "owner", rep1, "expectedCloseDate", march.toString()))
			.path("id")
			.asText();

		JsonNode handedOver = patch(id, Map.of("owner", rep2));
		assertThat(handedOver.path("owner").asText()).isEqualTo(rep2);
		assertThat(tasks(handedOver)).hasSize(2)
			.allSatisfy(task -> assertThat(task.path("assignee").asText()).isEqualTo(rep2));
		assertThat(admin().engineTasks(id)).hasSize(2)
			.allSatisfy(task -> assertThat(task.path("assignee").asText()).isEqualTo(rep2));

		JsonNode revalued = patch(id, Map.of("value", 75000));
		assertThat(revalued.path("value").decimalValue()).isEqualByComparingTo("75000");
		assertThat(revalued.path("company").asText()).isEqualTo("Acme");
		assertThat(revalued.path("owner").asText()).isEqualTo(rep2);
		assertThat(revalued.path("expectedCloseDate").asText()).isEqualTo(march.toString());

		patch(id, Map.of("expectedCloseDate", april.toString()));
		JsonNode slipped = patch(id, Map.of("expectedCloseDate", may.toString()));
		assertThat(slipped.path("expectedCloseDate").asText()).isEqualTo(may.toString());
		List<JsonNode> changes = ApiClient.list(slipped.path("closeDateChanges"));
		assertThat(changes).hasSize(2);
		assertThat(changes.get(0).path("from").asText()).isEqualTo(march.toString());
		assertThat(changes.get(0).path("to").asText()).isEqualTo(april.toString());
		assertThat(changes.get(1).path("from").asText()).isEqualTo(april.toString());
		assertThat(changes.get(1).path("to").asText()).isEqualTo(may.toString());
		assertThat(changes).allSatisfy(change -> assertThat(change.path("changedBy").asText()).isEqualTo("admin"));

		Map<String, Object> clearCompany = new LinkedHashMap<>();
		clearCompany.put("company", null);
		JsonNode cleared = patch(id, clearCompany);
		assertThat(cleared.path("company").isMissingNode() || cleared.path("company").isNull())
			.as("company cleared: %s", cleared)
			.isTrue();
		assertThat(cleared.path("name").asText()).isEqualTo("Patch AS");
		assertThat(cleared.path("email").asText()).isEqualTo("per@acme.no");
		assertThat(cleared.path("phone").asText()).isEqualTo("+47 22 00 00 00");
		assertThat(cleared.path("territory").asText()).isEqualTo("Vest");
		assertThat(cleared.path("value").decimalValue()).isEqualByComparingTo("75000");
		assertThat(cleared.path("owner").asText()).isEqualTo(rep2);
		assertThat(cleared.path("expectedCloseDate").asText()).isEqualTo(may.toString());
		assertThat(admin().lead(id)).isEqualTo(cleared);
	}

	@Test
	void patchRefusesToTakeTheNameAwayAndChangesNothing() {
		String id = admin().createLead(lead("Named AS", "company", "Named")).path("id").asText();
		JsonNode before = admin().lead(id);

		Map<String, Object> nullName = new LinkedHashMap<>();
		nullName.put("name", null);
		nullName.put("company", "Renamed");
		admin().patch("/api/leads/{id}", nullName, id).expectProblem(400, "name");
		admin().patch("/api/leads/{id}", Map.of("name", "", "company", "Renamed"), id).expectProblem(400, "name");

		assertThat(admin().lead(id)).isEqualTo(before);
	}

	@Test
	void winningFromAMiddleStageClosesTheLeadAndItsTasks() {
		String id = leadInFirstVisit("Winner AS");

		JsonNode won = admin().post("/api/leads/{id}/won", Map.of("value", 90000), id).expect(200);

		assertThat(won.path("status").asText()).isEqualTo("won");
		assertThat(won.path("value").decimalValue()).isEqualByComparingTo("90000");
		assertThat(won.path("closedAt").isTextual()).isTrue();
		assertThat(tasks(won)).isEmpty();
		assertThat(admin().engineTasks(id)).isEmpty();
		List<JsonNode> stages = stages(won);
		JsonNode last = stages.get(stages.size() - 1);
		assertThat(last.path("id").asText()).isEqualTo("Stage_FirstVisit");
		assertThat(last.path("leftBy").asText()).isEqualTo("won");
		assertThat(ApiClient.list(last.path("tasks")))
			.allSatisfy(task -> assertThat(task.path("outcome").asText()).isEqualTo("skipped"));

		admin().post("/api/leads/{id}/won", Map.of("value", 1), id).expectProblem(409, null);
		admin().post("/api/leads/{id}/lost", Map.of("reason", "changed our mind"), id).expectProblem(409, null);
		JsonNode after = admin().lead(id);
		assertThat(after.path("status").asText()).isEqualTo("won");
		assertThat(after.path("value").decimalValue()).isEqualByComparingTo("90000");
		assertThat(after.has("closeReason")).isFalse();
	}

	@Test
	void losingClosesTheLeadWithItsReason() {
		String id = admin().createLead(lead("Loser AS")).path("id").asText();

		JsonNode lost = admin().post("/api/leads/{id}/lost", Map.of("reason", "Chose a competitor"), id).expect(200);

		assertThat(lost.path("status").asText()).isEqualTo("lost");
		assertThat(lost.path("closeReason").asText()).isEqualTo("Chose a competitor");
		assertThat(tasks(lost)).isEmpty();
		assertThat(admin().engineTasks(id)).isEmpty();
		assertThat(passedStage(lost, "Stage_Prospecting").path("leftBy").asText()).isEqualTo("lost");
		JsonNode stored = admin().lead(id);
		assertThat(stored.path("status").asText()).isEqualTo("lost");
		assertThat(stored.path("closeReason").asText()).isEqualTo("Chose a competitor");
	}

	@Test
	void listsLeadsByStatusOwnerPipelineAndStagePageByPage() {
		String owner = newRep();
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			ids.add(admin().createLead(lead("Listed " + i + " AS", "owner", owner)).path("id").asText());
		}
		admin().reportFacts(ids.get(0), Map.of("interestConfirmed", true));
		admin().reportFacts(ids.get(1), Map.of("interestConfirmed", true));
		admin().post("/api/leads/{id}/won", "{}", ids.get(2)).expect(200);
		admin().post("/api/leads/{id}/lost", "{}", ids.get(3)).expect(200);

		assertThat(idsOf("/api/leads?owner={o}", owner)).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(idsOf("/api/leads?owner={o}&status=open", owner)).containsExactlyInAnyOrder(ids.get(0), ids.get(1),
				ids.get(4));
		assertThat(idsOf("/api/leads?owner={o}&status=won", owner)).containsExactly(ids.get(2));
		assertThat(idsOf("/api/leads?owner={o}&status=lost", owner)).containsExactly(ids.get(3));
		assertThat(idsOf("/api/leads?owner={o}&stage=Stage_BookMeeting", owner)).containsExactlyInAnyOrder(ids.get(0),
				ids.get(1));
		assertThat(idsOf("/api/leads?owner={o}&stage=Stage_Prospecting", owner)).containsExactly(ids.get(4));
		assertThat(idsOf("/api/leads?owner={o}&pipeline=new-business", owner)).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(idsOf("/api/leads?owner={o}&pipeline=renewal", owner)).isEmpty();
		assertThat(idsOf("/api/leads?owner={o}", "nobody-owns-these")).isEmpty();

		Set<String> paged = new HashSet<>();
		int[] expectedSizes = { 2, 2, 1, 0 };
		for (int page = 0; page < expectedSizes.length; page++) {
			JsonNode result = admin().get("/api/leads?owner={o}&size=2&page={p}", owner, page).expect(200);
			List<JsonNode> content = ApiClient.list(result.path("content"));
			assertThat(content).as("page %s", page).hasSize(expectedSizes[page]);
			assertThat(result.path("page").path("number").asInt()).isEqualTo(page);
			assertThat(result.path("page").path("size").asInt()).isEqualTo(2);
			assertThat(result.path("page").path("totalElements").asLong()).isEqualTo(5);
			assertThat(result.path("page").path("totalPages").asLong()).isEqualTo(3);
			content.forEach(lead -> {
				assertThat(lead.path("owner").asText()).isEqualTo(owner);
				assertThat(lead.has("tasks")).as("a summary leaves out tasks").isFalse();
				paged.add(lead.path("id").asText());
			});
		}
		assertThat(paged).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void describesThePipelinesStagesInModelOrder() {
		List<JsonNode> all = ApiClient.list(admin().get("/api/pipelines").expect(200));
		JsonNode listed = only(all, pipeline -> "new-business".equals(pipeline.path("key").asText()));
		assertThat(listed.path("name").asText()).isEqualTo("New business");
		assertThat(listed.path("version").asInt()).isEqualTo(1);

		JsonNode pipeline = admin().get("/api/pipelines/new-business").expect(200);
		List<JsonNode> stages = ApiClient.list(pipeline.path("stages"));
		assertThat(stages).extracting(stage -> stage.path("name").asText())
			.containsExactly("Prospecting", "Booking a meeting", "First visit", "Follow-up visit", "Offer", "Close");
		assertThat(stages).extracting(stage -> stage.path("goal").path("condition").asText())
			.containsExactly("${interestConfirmed}", "${meetingAgreed}", "${needConfirmed && budgetConfirmed}",
					"${decisionMakersMet}", "${offerAccepted}", "${contractSigned}");
		assertThat(stages).allSatisfy(stage -> {
			assertThat(stage.path("id").asText()).startsWith("Stage_");
			assertThat(stage.path("guidance").asText()).isNotBlank();
			assertThat(stage.path("goal").path("id").asText()).startsWith("Goal_");
			assertThat(stage.path("goal").path("name").asText()).isNotBlank();
			assertThat(ApiClient.list(stage.path("tasks"))).hasSize(2)
				.allSatisfy(task -> assertThat(task.path("dueIn").asText()).matches("P\\d+D"));
		});
		JsonNode firstVisit = stages.get(2);
		assertThat(firstVisit.path("id").asText()).isEqualTo("Stage_FirstVisit");
		assertThat(ApiClient.list(firstVisit.path("goal").path("facts"))).extracting(JsonNode::asText)
			.containsExactly("needConfirmed", "budgetConfirmed");
		assertThat(ApiClient.list(stages.get(0).path("tasks"))).extracting(task -> task.path("dueIn").asText())
			.containsExactly("P2D", "P3D");

		admin().get("/api/pipelines/{key}", "no-such-pipeline").expectProblem(404, null);
	}

	// ---- helpers ----

	/** A new lead moved by its goals into the first visit. */
	@Test
	void theTimelineTellsTheLeadsStoryInOrder() {
		String id = admin().createLead(Map.of("name", "Tale Lie", "company", "Historie AS", "owner", "admin"))
			.path("id")
			.asText();
		String firstTask = admin().engineTasks(id).get(0).path("id").asText();
		admin().completeTask(firstTask);
		admin().reportFacts(id, Map.of("interestConfirmed", true));
		patch(id, Map.of("expectedCloseDate", "2027-02-01"));
		admin().post("/api/leads/{id}/lost", Map.of("reason", "No budget this year"), id).expect(200);

		List<JsonNode> timeline = ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200));

		assertThat(timeline).extracting(entry -> entry.path("type").asText())
			.containsExactly("created", "stage-entered", "task-created", "task-created", "task-done", "facts-reported",
					"task-skipped", "stage-left", "stage-entered", "task-created", "task-created", "close-date-changed",
					"lost", "task-skipped", "task-skipped", "stage-left");
		assertThat(timeline.get(5).path("actor").asText()).isEqualTo("admin");
		assertThat(timeline.get(5).path("detail").path("interestConfirmed").asBoolean()).isTrue();
		assertThat(timeline.get(7).path("detail").path("leftBy").asText()).isEqualTo("goal");
		assertThat(timeline.get(15).path("detail").path("leftBy").asText()).isEqualTo("lost");
		assertThat(timeline.get(11).path("detail").path("to").asText()).isEqualTo("2027-02-01");
		// as instants: "12:00:32Z" sorts after "12:00:32.078Z" as text
		assertThat(timeline).extracting(entry -> Instant.parse(entry.path("at").asText())).isSorted();

		admin().get("/api/leads/{id}/timeline", "no-such-lead").expectProblem(404, null);
	}

	private String leadInFirstVisit(String name) {
		String id = admin().createLead(lead(name)).path("id").asText();
		JsonNode lead = admin().reportFacts(id, facts("interestConfirmed", true, "meetingAgreed", true));
		assertThat(stageId(lead)).isEqualTo("Stage_FirstVisit");
		return id;
	}

	private JsonNode patch(String id, Map<String, Object> changes) {
		return admin().patch("/api/leads/{id}", changes, id).expect(200);
	}

	private List<String> idsOf(String path, Object... uriVariables) {
		JsonNode page = admin().get(path + "&size=200", uriVariables).expect(200);
		return ApiClient.list(page.path("content")).stream().map(lead -> lead.path("id").asText()).toList();
	}

	/** Facts in the order given, as a JSON object keeps them. */
	private static Map<String, Object> facts(Object... namesAndValues) {
		Map<String, Object> facts = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			facts.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return facts;
	}

	private static void assertDueIn(JsonNode task, Period dueIn) {
		Instant created = instant(task.path("created"));
		Instant expected = created.atZone(ZoneId.systemDefault()).plus(dueIn).toInstant();
		assertThat(instant(task.path("due"))).as("due of %s", task).isCloseTo(expected, within(1, ChronoUnit.MINUTES));
	}

}

package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped staircase, on the real engine with Pipewright's contract glue. */
@Deployment(resources = "bpmn/new-business.bpmn")
class StaircaseProcessTests extends ProcessTests {

	@Test
	void aNewLeadEntersProspectingWithItsTasksForTheOwnerDueAsModelled() {
		ProcessInstance lead = start("lead-1", Map.of());

		assertThat(lead).isActive().isWaitingAt("Task_ResearchCompany", "Task_IntroCall");
		Task research = task("Task_ResearchCompany", lead);
		Task call = task("Task_IntroCall", lead);
		assertThat(research).isAssignedTo("ingrid");
		assertThat(call).isAssignedTo("ingrid");
		assertThat(research.getDueDate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(2)));
		assertThat(call.getDueDate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3)));
		assertThat(engine.events(StageEntered.class)).singleElement()
			.satisfies(e -> assertThat(e.stageName()).isEqualTo("Prospecting"));
	}

	@Test
	void leadsStartThroughTheApiNotFromTasklist() {
		assertThat(engine.engine()
			.getRepositoryService()
			.createProcessDefinitionQuery()
			.processDefinitionKey("new-business")
			.startableInTasklist()
			.count()).isZero();
	}

	@Test
	void theTaskCarriesItsStageGuidanceAndGoalForTheForm() {
		ProcessInstance lead = start("lead-form", Map.of());
		Task research = task("Task_ResearchCompany", lead);

		Map<String, Object> local = engine.engine().getFormService().getTaskFormVariables(research.getId());
		assertThat(engine.engine().getTaskService().getVariablesLocal(research.getId()))
			.as("the name for the Tasklist filters' lists; the rest read from the model")
			.containsOnlyKeys(PipelineContract.STAGE_NAME);
		assertThat(local).containsEntry(PipelineContract.STAGE_NAME, "Prospecting")
			.containsEntry(PipelineContract.GOAL_NAME, "Customer confirmed interest")
			.containsEntry(PipelineContract.GOAL_FACTS, "interestConfirmed");
		assertThat((String) local.get(PipelineContract.STAGE_GUIDANCE)).isNotBlank();
		assertThat(
				engine.engine().getFormService().getTaskFormKey(lead.getProcessDefinitionId(), "Task_ResearchCompany"))
			.isEqualTo(PipelineContract.DEFAULT_TASK_FORM);
	}

	@Test
	void aGoalReachedMidStageSkipsTheOpenTasksAndEntersTheNextStage() {
		ProcessInstance lead = start("lead-2", Map.of());
		complete(task("Task_ResearchCompany", lead));

		runtimeService().setVariable(lead.getId(), "interestConfirmed", true);

		assertThat(lead).hasPassed("Task_ResearchCompany", "Goal_InterestConfirmed")
			.isWaitingAt("Task_BookingCall", "Task_SendInvite");
		assertThat(
				historyService().createHistoricActivityInstanceQuery().activityId("Task_IntroCall").canceled().count())
			.isOne();
		assertThat(engine.events(StageTaskEnded.class)).extracting(StageTaskEnded::done).containsExactly(true, false);
		assertThat(engine.events(GoalReached.class)).singleElement()
			.satisfies(g -> assertThat(g.stageId()).isEqualTo("Stage_Prospecting"));
		assertThat(engine.events(StageLeft.class)).singleElement()
			.satisfies(left -> assertThat(left.completed()).isFalse());
	}

	@Test
	void aGoalAlreadyTrueOnEntrySkipsTheStage() {
		ProcessInstance lead = start("lead-3", Map.of("meetingAgreed", true));

		runtimeService().setVariable(lead.getId(), "interestConfirmed", true);

		assertThat(lead).hasPassed("Goal_InterestConfirmed", "Goal_MeetingAgreed")
			.isWaitingAt("Task_PrepareVisit", "Task_HoldVisit");
		assertThat(engine.events(StageEntered.class)).extracting(StageEntered::stageId)
			.containsExactly("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit");
		assertThat(engine.events(StageTaskCreated.class)).extracting(StageTaskCreated::stageId)
			.doesNotContain("Stage_BookMeeting");
	}

	@Test
	void allTasksDoneMovesTheLeadOn() {
		ProcessInstance lead = start("lead-4", Map.of());

		complete(task("Task_ResearchCompany", lead));
		complete(task("Task_IntroCall", lead));

		assertThat(lead).hasNotPassed("Goal_InterestConfirmed").isWaitingAt("Task_BookingCall", "Task_SendInvite");
		assertThat(engine.events(StageLeft.class)).singleElement()
			.satisfies(left -> assertThat(left.completed()).isTrue());
	}

	@Test
	void doingTheCloseTasksDoesNotWinTheLeadTheSignatureDoes() {
		ProcessInstance lead = startAt("Stage_Close");

		complete(task("Task_SendContract", lead));
		complete(task("Task_HandOver", lead));

		assertThat(lead).isActive().isWaitingAt("Event_ContractSigned");
		assertThat(engine.events(OutcomeReached.class)).isEmpty();

		runtimeService().setVariable(lead.getId(), "contractSigned", true);

		assertThat(lead).isEnded().hasPassed("End_Won");
		assertThat(engine.events(OutcomeReached.class)).extracting(OutcomeReached::outcome).containsExactly("won");
	}

	@Test
	void anUnreportedFactAtTheGatewayReadsAsNoAndTheLeadGoesToTheFollowUpVisit() {
		ProcessInstance lead = start("lead-5", Map.of("interestConfirmed", true, "meetingAgreed", true));

		runtimeService().setVariables(lead.getId(), Map.of("needConfirmed", true, "budgetConfirmed", true));

		assertThat(lead).isWaitingAt("Task_PrepareDemo", "Task_HoldFollowUp");
		assertThat(runtimeService().createIncidentQuery().count()).isZero();
	}

	@Test
	void decisionMakersMetAtTheFirstVisitSkipsTheFollowUp() {
		ProcessInstance lead = start("lead-6", Map.of("interestConfirmed", true, "meetingAgreed", true));

		runtimeService().setVariables(lead.getId(),
				Map.of("needConfirmed", true, "budgetConfirmed", true, "decisionMakersMet", true));

		assertThat(lead).hasNotPassed("Task_PrepareDemo").isWaitingAt("Task_WriteOffer", "Task_FollowUpOffer");
	}

	@Test
	void enteringTheOfferStageAsksTheCloserDecisionForAnOwnerBeforeTheOfferTasksAppear() {
		ProcessInstance lead = start("lead-closer", Map.of("interestConfirmed", true, "meetingAgreed", true));
		assertThat(assignments).isEmpty();

		runtimeService().setVariables(lead.getId(),
				Map.of("needConfirmed", true, "budgetConfirmed", true, "decisionMakersMet", true));

		assertThat(lead).hasPassed("Task_AssignCloser").isWaitingAt("Task_WriteOffer", "Task_FollowUpOffer");
		// no offer task existed yet: they are all created for the owner the task picked
		assertThat(assignments)
			.containsExactly(Map.of("lead", "lead-closer", "decision", "closerRouting", "tasksCreatedInStage", 0L));
	}

	@Test
	void theWholeStaircaseByGoalsEndsWon() {
		ProcessInstance lead = start("lead-7", Map.of());
		for (String fact : List.of("interestConfirmed", "meetingAgreed", "needConfirmed", "budgetConfirmed",
				"decisionMakersMet", "offerAccepted", "contractSigned")) {
			runtimeService().setVariable(lead.getId(), fact, true);
		}

		assertThat(lead).isEnded().hasPassed("End_Won");
		assertThat(engine.events(OutcomeReached.class)).singleElement()
			.satisfies(o -> assertThat(o.outcome()).isEqualTo("won"));
		// decisionMakersMet comes after the first visit's goal, so the lead takes the
		// follow-up visit
		assertThat(engine.events(StageEntered.class)).extracting(StageEntered::stageId)
			.containsExactly("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit", "Stage_FollowUpVisit",
					"Stage_Offer", "Stage_Close");
	}

	static Stream<String> stagesAndMessages() {
		return Stream.of("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit", "Stage_FollowUpVisit",
				"Stage_Offer", "Stage_Close");
	}

	@ParameterizedTest
	@MethodSource("stagesAndMessages")
	void wonFromAnyStageLeavesNoOpenTask(String stage) {
		ProcessInstance lead = startAt(stage);

		runtimeService().correlateMessage(PipelineContract.LEAD_WON, lead.getBusinessKey());

		assertThat(lead).isEnded().hasPassed("End_LeadWon");
		assertThat(taskQuery().processInstanceId(lead.getId()).count()).isZero();
		assertThat(engine.events(OutcomeReached.class)).extracting(OutcomeReached::outcome).containsExactly("won");
	}

	@ParameterizedTest
	@MethodSource("stagesAndMessages")
	void lostFromAnyStageLeavesNoOpenTask(String stage) {
		ProcessInstance lead = startAt(stage);

		runtimeService().correlateMessage(PipelineContract.LEAD_LOST, lead.getBusinessKey());

		assertThat(lead).isEnded().hasPassed("End_LeadLost");
		assertThat(taskQuery().processInstanceId(lead.getId()).count()).isZero();
		assertThat(engine.events(StageTaskEnded.class)).isNotEmpty().allSatisfy(e -> assertThat(e.done()).isFalse());
	}

	/** Reaches a stage by reporting the facts of the goals before it, as a rep would. */
	private ProcessInstance startAt(String stage) {
		Map<String, Object> facts = new HashMap<>();
		List<String> order = stagesAndMessages().toList();
		List<List<String>> goals = List.of(List.of("interestConfirmed"), List.of("meetingAgreed"),
				List.of("needConfirmed", "budgetConfirmed"), List.of(), List.of("offerAccepted"));
		int index = order.indexOf(stage);
		ProcessInstance lead = start("lead-at-" + stage + "-" + System.nanoTime(), Map.of());
		for (int i = 0; i < Math.min(index, goals.size()); i++) {
			goals.get(i).forEach(fact -> facts.put(fact, true));
		}
		if (index == order.indexOf("Stage_Offer") || index == order.indexOf("Stage_Close")) {
			facts.put("decisionMakersMet", true);
		}
		if (!facts.isEmpty()) {
			runtimeService().setVariables(lead.getId(), facts);
		}
		assertThat(engine.events(StageEntered.class)).last().satisfies(e -> assertThat(e.stageId()).isEqualTo(stage));
		engine.clearEvents();
		return lead;
	}

	private static ProcessInstance start(String leadId, Map<String, Object> facts) {
		Map<String, Object> variables = new HashMap<>(facts);
		variables.put(PipelineContract.LEAD_ID, leadId);
		variables.put(PipelineContract.OWNER, "ingrid");
		variables.put(PipelineContract.VALUE, 120_000.0);
		variables.put(PipelineContract.COMPANY, "Fjordkraft Industri AS");
		return runtimeService().startProcessInstanceByKey("new-business", leadId, variables);
	}

}

package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stage, stage task, stage goal and assign lead templates in
 * config/element-templates, applied to bare elements as the Modeler writes their
 * bindings, make a pipeline that deploys and runs by the modelling contract; what a
 * template leaves incomplete is refused at deployment, naming the element.
 */
class PipelineElementTemplatesTests extends ProcessTests {

	static final String GUIDANCE = "Book the meeting while interest is warm.";

	final List<Map<String, Object>> assignments = new CopyOnWriteArrayList<>();

	final List<String> deployments = new ArrayList<>();

	RepositoryService repository;

	RuntimeService runtime;

	TaskService tasks;

	@BeforeEach
	void services() {
		repository = engine.engine().getRepositoryService();
		runtime = engine.engine().getRuntimeService();
		tasks = engine.engine().getTaskService();
		Mocks.register("assignLead", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
			Map<String, Object> inputs = new HashMap<>();
			for (String name : List.of("team", "owner", "decision")) {
				if (execution.hasVariableLocal(name)) {
					inputs.put(name, execution.getVariableLocal(name));
				}
			}
			assignments.add(inputs);
		});
	}

	@AfterEach
	void undeploy() {
		Mocks.reset();
		deployments.forEach(id -> repository.deleteDeployment(id, true));
	}

	@Test
	void templatedStagesTasksAndGoalRunByTheContract() {
		BpmnModelInstance model = pipeline("");
		applyAll(model, Map.of("goalCondition", "${meetingAgreed}"), Map.of("dueIn", "P2D"));
		deploy(model);

		ProcessInstance lead = start();

		assertThat(assignments).containsExactly(Map.of("team", "sales"));
		Task call = task(lead, "Task_Call");
		assertThat(call.getAssignee()).as("assignee and team left empty: the owner").isEqualTo("ingrid");
		assertThat(groups(call)).isEmpty();
		assertThat(call.getDueDate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(2)));
		assertThat(call.getFormKey()).as("form key left empty").isEqualTo(PipelineContract.DEFAULT_TASK_FORM);
		assertThat(engine.engine().getFormService().getTaskFormVariables(call.getId()))
			.containsEntry(PipelineContract.STAGE_NAME, "Booking a meeting")
			.containsEntry(PipelineContract.STAGE_GUIDANCE, GUIDANCE)
			.containsEntry(PipelineContract.GOAL_NAME, "Meeting agreed")
			.containsEntry(PipelineContract.GOAL_FACTS, "meetingAgreed");
		Task team = task(lead, "Task_Team");
		assertThat(team.getAssignee()).isNull();
		assertThat(groups(team)).containsExactly("sales");
		assertThat(team.getDueDate().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(4)));
		assertThat(team.getFormKey()).isEqualTo("embedded:app:forms/prepare.html");

		runtime.setVariable(lead.getId(), "meetingAgreed", false);
		assertThat(tasks.createTaskQuery().processInstanceId(lead.getId()).count()).isEqualTo(2);

		runtime.setVariable(lead.getId(), "meetingAgreed", true);

		assertThat(tasks.createTaskQuery().processInstanceId(lead.getId()).list())
			.extracting(Task::getTaskDefinitionKey)
			.containsExactly("Task_Offer");
		assertThat(engine.events(GoalReached.class)).extracting(GoalReached::goalId).containsExactly("Goal_Meet");
		assertThat(engine.events(StageTaskEnded.class)).hasSize(2).noneMatch(StageTaskEnded::done);
		Task offer = task(lead, "Task_Offer");
		assertThat(offer.getDueDate().toInstant()).as("the template's default dueIn")
			.isEqualTo(NOW.plus(Duration.ofDays(1)));
		assertThat(engine.engine()
			.getFormService()
			.getTaskFormVariables(offer.getId())
			.get(PipelineContract.STAGE_GUIDANCE)).as("guidance left empty: the documentation")
			.isEqualTo("Send the offer within a week.");
	}

	@Test
	void theApiDescribesTemplatedStagesAsTheEngineRunsThem() {
		BpmnModelInstance model = pipeline("");
		applyAll(model, Map.of("goalCondition", "${meetingAgreed}"), Map.of("dueIn", "P2D"));
		deploy(model);

		Pipeline pipeline = new Pipelines(repository).latest("templated");

		assertThat(pipeline.stages()).extracting(Pipeline.Stage::id).containsExactly("Stage_Meet", "Stage_Offer");
		Pipeline.Stage meet = pipeline.stages().get(0);
		assertThat(meet.guidance()).isEqualTo(GUIDANCE);
		assertThat(meet.goal())
			.isEqualTo(new Pipeline.Goal("Goal_Meet", "Meeting agreed", "${meetingAgreed}", List.of("meetingAgreed")));
		assertThat(meet.tasks()).containsExactlyInAnyOrder(
				new Pipeline.Task("Task_Call", "Call", "P2D", null, List.of(), List.of()),
				new Pipeline.Task("Task_Team", "Prepare the meeting", "PT4H", null, List.of("sales"), List.of()));
		assertThat(pipeline.stages().get(1).guidance()).isEqualTo("Send the offer within a week.");
		assertThat(pipeline.stages().get(1).goal()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "owner | ingrid | {owner=ingrid}", "team | sales | {team=sales}",
			"decision | territoryRouting | {decision=territoryRouting}", "none | '' | {}" })
	void assignLeadPassesTheOneChoiceMadeAndNothingElse(String field, String value, String recorded) {
		BpmnModelInstance model = Bpmn.createExecutableProcess("assigning")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.serviceTask("Task_Assign")
			.endEvent()
			.done();
		ElementTemplates.apply("io.pipewright.assignLead", element(model, "Task_Assign"), Map.of(field, value));
		deploy(model);

		runtime.startProcessInstanceByKey("assigning", "lead-assign");

		assertThat(assignments).hasSize(1);
		assertThat(assignments.get(0)).hasToString(recorded);
		assertThat(model.getModelElementById("Task_Assign")
			.getAttributeValueNs(ElementTemplates.CAMUNDA_NS, "delegateExpression")).isEqualTo("${assignLead}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "goal condition that is not an expression | meetingAgreed | P2D | Goal_Meet",
					"goal condition left empty | '' | P2D | Goal_Meet",
					"dueIn that is not a duration | ${meetingAgreed} | tomorrow | Task_Call",
					"dueIn left empty | ${meetingAgreed} | '' | Task_Call" })
	void incompleteTemplateOutputIsRefusedNamingTheElement(String what, String goal, String dueIn, String element) {
		BpmnModelInstance model = pipeline("");
		applyAll(model, Map.of("goalCondition", goal), Map.of("dueIn", dueIn));

		assertRefused(model, element);
	}

	@Test
	void aGoalTemplateOnABoundaryEventThatIsNotConditionalIsRefused() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("templated")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.subProcess("Stage_Meet")
			.embeddedSubProcess()
			.startEvent()
			.userTask("Task_Call")
			.endEvent()
			.subProcessDone()
			.endEvent()
			.moveToActivity("Stage_Meet")
			.boundaryEvent("Goal_Meet")
			.timerWithDuration("P1D")
			.endEvent()
			.done();
		ElementTemplates.apply("io.pipewright.stageGoal", element(model, "Goal_Meet"),
				Map.of("goalCondition", "${meetingAgreed}"));

		assertRefused(model, "Goal_Meet");
	}

	@Test
	void aConditionLeftOverFromBeforeTheTemplateMustAgreeWithIt() {
		BpmnModelInstance model = pipeline("${interestConfirmed}");
		applyAll(model, Map.of("goalCondition", "${meetingAgreed}"), Map.of("dueIn", "P2D"));

		assertRefused(model, "Goal_Meet");
	}

	@Test
	void aTemplatedNotifyAfterAReminderAndALostReasonAfterDecayRunByTheContract() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("templated")
			.camundaHistoryTimeToLive(1)
			.startEvent("Start")
			.subProcess("Stage_Call")
			.name("Call")
			.embeddedSubProcess()
			.startEvent("Call_Start")
			.userTask("Task_Call")
			.name("Call")
			.endEvent("Call_End")
			.subProcessDone()
			.endEvent("End")
			.moveToActivity("Stage_Call")
			.boundaryEvent("Reminder_Call")
			.cancelActivity(false)
			.timerWithDuration("P3D")
			.serviceTask("Notify_Remind")
			.name("Remind the owner")
			.endEvent("End_Reminded")
			.moveToActivity("Stage_Call")
			.boundaryEvent("Decay_Call")
			.timerWithDuration("P30D")
			.endEvent("End_Cold")
			.done();
		ElementTemplates.apply("io.pipewright.notify", element(model, "Notify_Remind"),
				Map.of("template", "stage-reminder"));
		ElementTemplates.apply("io.pipewright.lostWithReason", element(model, "End_Cold"), Map.of());
		deploy(model);
		ProcessInstance lead = start();
		var jobs = engine.engine().getManagementService();

		jobs.executeJob(jobs.createJobQuery().activityId("Reminder_Call").singleResult().getId());

		assertThat(engine.notifications().sent()).singleElement().satisfies(sent -> {
			assertThat(sent.template()).isEqualTo("stage-reminder");
			assertThat(sent.recipients()).as("the template's default: owner").containsExactly("ingrid");
			assertThat(sent.values()).containsEntry(PipelineContract.NOTIFY_STAGE_NAME, "Call");
		});

		jobs.executeJob(jobs.createJobQuery().activityId("Decay_Call").singleResult().getId());

		assertThat(engine.events(OutcomeReached.class)).extracting(OutcomeReached::outcome, OutcomeReached::reason)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("lost", "Went cold: no progress in 30 days"));
		assertThat(engine.events(StageDecayed.class)).extracting(StageDecayed::stageId).containsExactly("Stage_Call");
		assertThat(runtime.createProcessInstanceQuery().processInstanceId(lead.getId()).count()).isZero();
	}

	/**
	 * Two stages as an admin draws them before applying templates: an assign lead task,
	 * then "Booking a meeting" with a call and a team task in parallel and a conditional
	 * boundary goal leading to "Offer" with one task.
	 */
	private static BpmnModelInstance pipeline(String drawnCondition) {
		ProcessBuilder process = Bpmn.createExecutableProcess("templated");
		var goal = process.camundaHistoryTimeToLive(1)
			.startEvent("Start")
			.serviceTask("Task_Assign")
			.subProcess("Stage_Meet")
			.name("Booking a meeting")
			.embeddedSubProcess()
			.startEvent("Meet_Start")
			.parallelGateway("Meet_Fork")
			.userTask("Task_Call")
			.name("Call")
			.endEvent("Meet_Called")
			.moveToNode("Meet_Fork")
			.userTask("Task_Team")
			.name("Prepare the meeting")
			.endEvent("Meet_Prepared")
			.subProcessDone()
			.subProcess("Stage_Offer")
			.name("Offer")
			.embeddedSubProcess()
			.startEvent("Offer_Start")
			.userTask("Task_Offer")
			.name("Send the offer")
			.endEvent("Offer_End")
			.subProcessDone()
			.endEvent("End")
			.moveToActivity("Stage_Meet")
			.boundaryEvent("Goal_Meet")
			.name("Meeting agreed")
			.conditionalEventDefinition("Goal_Meet_Condition")
			.condition(drawnCondition);
		BpmnModelInstance model = goal.conditionalEventDefinitionDone().connectTo("Stage_Offer").done();
		Documentation old = model.newInstance(Documentation.class);
		old.setTextContent("Overridden by the guidance property.");
		element(model, "Stage_Meet").getDocumentations().add(old);
		Documentation doc = model.newInstance(Documentation.class);
		doc.setTextContent("Send the offer within a week.");
		element(model, "Stage_Offer").getDocumentations().add(doc);
		return model;
	}

	private static void applyAll(BpmnModelInstance model, Map<String, String> goal, Map<String, String> call) {
		ElementTemplates.apply("io.pipewright.assignLead", element(model, "Task_Assign"), Map.of("team", "sales"));
		ElementTemplates.apply("io.pipewright.stage", element(model, "Stage_Meet"), Map.of("guidance", GUIDANCE));
		ElementTemplates.apply("io.pipewright.stage", element(model, "Stage_Offer"), Map.of());
		ElementTemplates.apply("io.pipewright.stageTask", element(model, "Task_Call"), call);
		ElementTemplates.apply("io.pipewright.stageTask", element(model, "Task_Team"), Map.of("dueIn", "PT4H",
				"camunda:candidateGroups", "sales", "camunda:formKey", "embedded:app:forms/prepare.html"));
		ElementTemplates.apply("io.pipewright.stageTask", element(model, "Task_Offer"), Map.of());
		ElementTemplates.apply("io.pipewright.stageGoal", element(model, "Goal_Meet"), goal);
	}

	private static BaseElement element(BpmnModelInstance model, String id) {
		return model.getModelElementById(id);
	}

	private void deploy(BpmnModelInstance model) {
		deployments.add(repository.createDeployment().addModelInstance("templated.bpmn", model).deploy().getId());
	}

	private void assertRefused(BpmnModelInstance model, String element) {
		assertThatThrownBy(() -> deploy(model)).isInstanceOf(ParseException.class).hasMessageContaining(element);
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("templated").count()).isZero();
	}

	private ProcessInstance start() {
		String leadId = "lead-" + System.nanoTime();
		return runtime.startProcessInstanceByKey("templated", leadId, Map.of("leadId", leadId, "owner", "ingrid"));
	}

	private Task task(ProcessInstance lead, String key) {
		return tasks.createTaskQuery()
			.processInstanceId(lead.getId())
			.taskDefinitionKey(key)
			.initializeFormKeys()
			.singleResult();
	}

	private List<String> groups(Task task) {
		return tasks.getIdentityLinksForTask(task.getId())
			.stream()
			.map(IdentityLink::getGroupId)
			.filter(group -> group != null)
			.toList();
	}

}

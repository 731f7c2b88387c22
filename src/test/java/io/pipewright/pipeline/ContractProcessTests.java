package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules of the modelling contract that hold for any pipeline, whoever drew it. */
class ContractProcessTests extends ProcessTests {

	@Test
	@Deployment(resources = "contract/assignment.bpmn")
	void tasksGoToTheOwnerUnlessTheModelNamesSomeoneAndDueDatesFollowDueIn() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 10_000.0, "slaDays", "P3D"));

		Task owner = task("Task_Owner", lead);
		Task team = task("Task_Team", lead);
		Task named = task("Task_Named", lead);
		Task fixed = task("Task_FixedDue", lead);
		assertThat(owner).isAssignedTo("ingrid");
		assertThat(owner.getDueDate().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(4)));
		assertThat(team.getAssignee()).isNull();
		assertThat(engine.engine().getTaskService().getIdentityLinksForTask(team.getId()))
			.extracting(IdentityLink::getGroupId)
			.containsExactly("sales");
		assertThat(team.getDueDate().toInstant()).as("dueIn given as an expression")
			.isEqualTo(NOW.plus(Duration.ofDays(3)));
		assertThat(named).isAssignedTo("lisa");
		assertThat(fixed.getDueDate().toInstant()).as("a plain camunda:dueDate still wins")
			.isEqualTo(LocalDateTime.parse("2031-01-01T10:00:00").atZone(ZoneId.systemDefault()).toInstant());
	}

	@Test
	@Deployment(resources = "contract/assignment.bpmn")
	void aLeadWithoutOwnerLeavesItsTasksUnassigned() {
		ProcessInstance lead = start(Map.of("value", 10_000.0, "slaDays", "P1D"));

		assertThat(task("Task_Owner", lead).getAssignee()).isNull();
	}

	@Test
	@Deployment(resources = "contract/assignment.bpmn")
	void aGoalMayReadLeadFieldsAndFactsNobodyReportedYet() {
		ProcessInstance small = start(Map.of("owner", "ingrid", "value", 10_000.0, "slaDays", "P1D"));
		assertThat(small).isActive();

		ProcessInstance large = start(Map.of("owner", "ingrid", "value", 90_000.0, "slaDays", "P1D"));
		assertThat(large).as("!blocked with blocked unreported reads as true").isEnded().hasPassed("End_Won");

		runtimeService().setVariable(small.getId(), "value", 60_000.0);
		assertThat(small).as("a field change re-evaluates the goal").isEnded();
		assertThat(engine.events(OutcomeReached.class)).hasSize(2);
	}

	@Test
	@Deployment(resources = "contract/assignment.bpmn")
	void aFactReportedAsBlockedKeepsTheGoalFalse() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 10_000.0, "slaDays", "P1D", "blocked", true));

		runtimeService().setVariable(lead.getId(), "value", 90_000.0);

		assertThat(lead).isActive();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"dueIn that is not a duration | <bpmn:userTask id='Task_Bad' name='x'><bpmn:extensionElements><camunda:properties><camunda:property name='dueIn' value='tomorrow'/></camunda:properties></bpmn:extensionElements></bpmn:userTask> | Task_Bad",
			"negative dueIn | <bpmn:userTask id='Task_Negative' name='x'><bpmn:extensionElements><camunda:properties><camunda:property name='dueIn' value='-P1D'/></camunda:properties></bpmn:extensionElements></bpmn:userTask> | Task_Negative",
			"goal that is not an expression | <bpmn:userTask id='Task_Ok'/> | Goal_Plain",
			"outcome other than won or lost | <bpmn:userTask id='Task_Ok'/> | End_Maybe",
			"list task without an audience | <bpmn:serviceTask id='Task_NoList' camunda:delegateExpression='${subscribeToList}'/> | Task_NoList",
			"assign-lead task naming a team and an owner | <bpmn:serviceTask id='Task_TwoOwners' camunda:delegateExpression='${assignLead}'><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name='team'>seniorClosers</camunda:inputParameter><camunda:inputParameter name='owner'>lars</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask> | Task_TwoOwners",
			"assign-lead task with an empty team | <bpmn:serviceTask id='Task_NoTeam' camunda:delegateExpression='${assignLead}'><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name='team'></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask> | Task_NoTeam" })
	void aPipelineThatBreaksTheContractIsRefusedNamingTheElement(String what, String task, String element) {
		String goal = element.equals("Goal_Plain") ? "meetingBooked" : "${meetingBooked}";
		String outcome = element.equals("End_Maybe") ? "maybe" : "won";
		String xml = PIPELINE.formatted(task, element.equals("Goal_Plain") ? "Goal_Plain" : "Goal_Ok", goal,
				element.equals("End_Maybe") ? "End_Maybe" : "End_Ok", outcome);
		RepositoryService repository = engine.engine().getRepositoryService();

		assertThatThrownBy(() -> repository.createDeployment().addString("broken.bpmn", xml).deploy())
			.isInstanceOf(ParseException.class)
			.hasMessageContaining(element);
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("broken").count()).isZero();
	}

	@Test
	void aPipelineThatKeepsTheContractDeploys() {
		String xml = PIPELINE.formatted(
				"<bpmn:userTask id='Task_Ok'><bpmn:extensionElements><camunda:properties><camunda:property name='dueIn' value='P1W2DT4H'/></camunda:properties></bpmn:extensionElements></bpmn:userTask>",
				"Goal_Ok", "${meetingBooked}", "End_Ok", "lost");
		RepositoryService repository = engine.engine().getRepositoryService();

		String id = repository.createDeployment().addString("fine.bpmn", xml).deploy().getId();

		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("broken").count()).isOne();
		repository.deleteDeployment(id, true);
	}

	@Test
	@Deployment(resources = "contract/forms.bpmn")
	void aTaskFormReadsTheStagesWordsFromTheModelAndSubmitsOnlyWhatWasAnswered() {
		ProcessInstance lead = runtimeService().startProcessInstanceByKey("forms", "lead-forms",
				Map.of("leadId", "lead-forms", "owner", "ingrid"));
		FormService forms = engine.engine().getFormService();
		TaskService tasks = engine.engine().getTaskService();

		for (String id : new String[] { "Task_StageForm", "Task_OwnForm" }) {
			Task task = task(id, lead);
			assertThat(forms.getTaskFormVariables(task.getId())).as(id)
				.containsEntry(PipelineContract.STAGE_NAME, "Talk")
				.containsEntry(PipelineContract.STAGE_GUIDANCE, "Call them.")
				.containsEntry(PipelineContract.GOAL_NAME, "Meeting agreed")
				.containsEntry(PipelineContract.GOAL_FACTS, "meetingAgreed,budgetKnown");
			assertThat(tasks.getVariablesLocal(task.getId())).as(id)
				.containsExactly(Map.entry(PipelineContract.STAGE_NAME, "Talk"));
			// what a Tasklist filter's list shows on the task: a variable of its scopes
			assertThat(runtimeService().createVariableInstanceQuery()
				.variableScopeIdIn(task.getId(), task.getExecutionId(), lead.getId())
				.variableName(PipelineContract.STAGE_NAME)
				.singleResult()
				.getValue()).as(id).isEqualTo("Talk");
		}
		// a generated form shows its own fields only, so the task carries the words
		Task generated = task("Task_Generated", lead);
		assertThat(forms.getTaskFormData(generated.getId()).getFormFields()).extracting(FormField::getId)
			.containsExactly("callNotes");
		assertThat(tasks.getVariablesLocal(generated.getId())).containsEntry(PipelineContract.STAGE_NAME, "Talk")
			.containsEntry(PipelineContract.GOAL_FACTS, "meetingAgreed,budgetKnown");

		forms.submitTaskForm(task("Task_StageForm", lead).getId(), Map.of("meetingAgreed", true));

		assertThat(runtimeService().getVariables(lead.getId())).containsEntry("meetingAgreed", true)
			.doesNotContainKeys(PipelineContract.STAGE_NAME, PipelineContract.STAGE_GUIDANCE,
					PipelineContract.GOAL_NAME, PipelineContract.GOAL_FACTS);
	}

	@Test
	@Deployment(resources = "contract/forms.bpmn")
	void theStagesWordsOnATaskAreLeftOutOfTheHistoryAndNothingElseIs() {
		ProcessInstance lead = runtimeService().startProcessInstanceByKey("forms", "lead-words",
				Map.of("leadId", "lead-words", "owner", "ingrid"));
		TaskService tasks = engine.engine().getTaskService();
		HistoryService history = engine.engine().getHistoryService();
		Task generated = task("Task_Generated", lead);
		assertThat(tasks.getVariablesLocal(generated.getId())).containsEntry(PipelineContract.STAGE_NAME, "Talk")
			.containsEntry(PipelineContract.STAGE_GUIDANCE, "Call them.");
		tasks.setVariableLocal(generated.getId(), "callNotes", "rang twice");

		tasks.complete(generated.getId(), Map.of("meetingAgreed", true));

		assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(lead.getId()).list())
			.extracting(HistoricVariableInstance::getName)
			.contains("leadId", "owner", "meetingAgreed", "callNotes")
			.doesNotContain(PipelineContract.STAGE_NAME, PipelineContract.STAGE_GUIDANCE, PipelineContract.GOAL_NAME,
					PipelineContract.GOAL_FACTS);
		assertThat(history.createHistoricDetailQuery().processInstanceId(lead.getId()).list())
			.extracting(detail -> ((HistoricVariableUpdate) detail).getVariableName())
			.contains("meetingAgreed", "callNotes")
			.doesNotContain(PipelineContract.STAGE_NAME, PipelineContract.GOAL_FACTS);
		assertThat(history.createHistoricTaskInstanceQuery().taskId(generated.getId()).singleResult().getEndTime())
			.isNotNull();
		// a process variable of the same name is the process's own, and kept
		runtimeService().setVariable(lead.getId(), PipelineContract.STAGE_NAME, "typed by someone");
		assertThat(history.createHistoricVariableInstanceQuery()
			.processInstanceId(lead.getId())
			.variableName(PipelineContract.STAGE_NAME)
			.count()).isOne();
	}

	@Test
	@Deployment(resources = "contract/forms.bpmn")
	void everyWriteToAVariableOfTheProcessItselfIsToldWithItsLeadAndWriter() {
		ProcessInstance lead = runtimeService().startProcessInstanceByKey("forms", "lead-told",
				Map.of("leadId", "lead-told", "owner", "ingrid", "budgetKnown", false));
		assertThat(engine.events(FactWritten.class)).as("the lead's fields are no facts")
			.extracting(FactWritten::name)
			.containsExactly("budgetKnown");
		engine.clearEvents();
		TaskService tasks = engine.engine().getTaskService();
		IdentityService identity = engine.engine().getIdentityService();
		Task task = task("Task_Generated", lead);
		String stage = runtimeService().createExecutionQuery()
			.processInstanceId(lead.getId())
			.activityId("Task_Generated")
			.singleResult()
			.getId();

		// not facts: a task's or a stage's own variables, a lead field, a kind no fact
		// has
		tasks.setVariableLocal(task.getId(), "callNotes", "rang twice");
		runtimeService().setVariableLocal(stage, "draft", "half an offer");
		runtimeService().setVariable(lead.getId(), "owner", "lisa");
		runtimeService().setVariable(lead.getId(), "metAt", new java.util.Date());
		assertThat(engine.events(FactWritten.class)).isEmpty();

		identity.setAuthenticatedUserId("ingrid");
		try {
			tasks.complete(task.getId(), Map.of("meetingAgreed", true, "employees", 40, "preferredContact", "email"));
		}
		finally {
			identity.clearAuthentication();
		}
		runtimeService().setVariable(lead.getId(), "meetingAgreed", false);
		runtimeService().removeVariable(lead.getId(), "employees");

		assertThat(engine.events(FactWritten.class))
			.allSatisfy(fact -> assertThat(fact.leadId()).isEqualTo("lead-told"))
			.extracting(FactWritten::name, FactWritten::value, FactWritten::by)
			.containsExactlyInAnyOrder(tuple("meetingAgreed", true, "ingrid"), tuple("employees", 40L, "ingrid"),
					tuple("preferredContact", "email", "ingrid"), tuple("meetingAgreed", false, null));
		assertThat(engine.events(FactWritten.class).get(3).value()).as("the later write is told later")
			.isEqualTo(false);
	}

	@Test
	@Deployment(resources = "contract/forms.bpmn")
	void aProcessWithoutALeadTellsNoFacts() {
		runtimeService().startProcessInstanceByKey("forms", Map.of("owner", "ingrid", "meetingAgreed", true));

		assertThat(engine.events(FactWritten.class)).isEmpty();
	}

	private static ProcessInstance start(Map<String, Object> variables) {
		String leadId = "lead-" + System.nanoTime();
		Map<String, Object> all = new HashMap<>(variables);
		all.put("leadId", leadId);
		return runtimeService().startProcessInstanceByKey("assignment", leadId, all);
	}

	private static final String PIPELINE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
			    id="D" targetNamespace="http://pipewright.io/test">
			  <bpmn:process id="broken" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="Start"/>
			    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Stage_A"/>
			    <bpmn:subProcess id="Stage_A" name="A">
			      <bpmn:startEvent id="S"/>
			      %s
			    </bpmn:subProcess>
			    <bpmn:boundaryEvent id="%s" attachedToRef="Stage_A">
			      <bpmn:conditionalEventDefinition id="C">
			        <bpmn:condition xsi:type="bpmn:tFormalExpression">%s</bpmn:condition>
			      </bpmn:conditionalEventDefinition>
			    </bpmn:boundaryEvent>
			    <bpmn:sequenceFlow id="F3" sourceRef="Stage_A" targetRef="%4$s"/>
			    <bpmn:endEvent id="%4$s">
			      <bpmn:extensionElements><camunda:properties><camunda:property name="outcome" value="%5$s"/></camunda:properties></bpmn:extensionElements>
			    </bpmn:endEvent>
			  </bpmn:process>
			</bpmn:definitions>
			""";

}

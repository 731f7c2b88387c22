package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import io.pipewright.cues.Notification;
import io.pipewright.cues.RecipientNotFound;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timers on stages, with the engine's clock moved forward: reminders and escalations are
 * sent once, after their time in the stage; decay takes the lead out of the stage; a goal
 * reached first cancels them all.
 */
class TimerProcessTests extends ProcessTests {

	private ManagementService jobs;

	@BeforeEach
	void people() {
		jobs = engine.engine().getManagementService();
		IdentityService identity = engine.engine().getIdentityService();
		for (String user : List.of("ingrid", "maria", "olav", "per")) {
			identity.saveUser(identity.newUser(user));
		}
		for (String group : List.of("managers", "reps", "north", "south")) {
			identity.saveGroup(identity.newGroup(group));
		}
		identity.createMembership("ingrid", "reps");
		identity.createMembership("ingrid", "north");
		identity.createMembership("per", "north");
		identity.createMembership("maria", "managers");
		identity.createMembership("maria", "north");
		identity.createMembership("olav", "managers");
		identity.createMembership("olav", "south");
	}

	@AfterEach
	void nobody() {
		IdentityService identity = engine.engine().getIdentityService();
		identity.createUserQuery().list().forEach(user -> identity.deleteUser(user.getId()));
		identity.createGroupQuery().list().forEach(group -> identity.deleteGroup(group.getId()));
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void aReminderGoesToTheOwnerOnceAfterItsTimeInTheStage() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 10_000.0, "escalateTo", "manager"));

		assertThat(at(Duration.ofDays(3).minusMinutes(1))).as("not due a minute early").isEmpty();
		assertThat(at(Duration.ofDays(3))).containsExactly("Reminder_Talk");

		List<Notification> sent = engine.notifications().sent();
		assertThat(sent).hasSize(1);
		Notification reminder = sent.get(0);
		assertThat(reminder.template()).isEqualTo("stage-reminder");
		assertThat(reminder.recipients()).containsExactly("ingrid");
		assertThat(reminder.leadId()).isEqualTo(lead.getBusinessKey());
		assertThat(reminder.values()).containsEntry(PipelineContract.NOTIFY_STAGE_NAME, "Talk")
			.containsEntry(PipelineContract.NOTIFY_TASK_NAME, "Remind the owner")
			.containsEntry("days", "3");
		assertThat(lead).as("a reminder leaves the lead where it is").isWaitingAt("Task_Call");

		assertThat(at(Duration.ofDays(9))).as("a duration fires once, not every three days").isEmpty();
		assertThat(engine.notifications().sent()).hasSize(1);
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void anEscalationGoesToTheManagersWhoShareATeamWithTheOwnerAfterAnExpressionDuration() {
		start(Map.of("owner", "ingrid", "value", 600_000.0, "escalateTo", "manager"));
		start(Map.of("owner", "ingrid", "value", 10_000.0, "escalateTo", "team"));

		assertThat(at(Duration.ofDays(5))).as("P5D for the large lead only")
			.containsExactlyInAnyOrder("Reminder_Talk", "Reminder_Talk", "Escalation_Talk");
		assertThat(escalations()).singleElement()
			.satisfies(escalation -> assertThat(escalation.recipients()).as("olav manages another team")
				.containsExactly("maria"));

		assertThat(at(Duration.ofDays(10))).as("P10D for the small one").containsExactly("Escalation_Talk");
		assertThat(escalations()).hasSize(2)
			.last()
			.satisfies(escalation -> assertThat(escalation.recipients()).as("the owner's team, not its role group")
				.containsExactly("ingrid", "maria", "per"));
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void decayClosesTheLeadAsLostWithTheEndEventsReason() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 10_000.0, "escalateTo", "manager"));
		String call = task("Task_Call", lead).getId();

		assertThat(at(Duration.ofDays(30).minusMinutes(1))).doesNotContain("Decay_Talk");
		assertThat(lead).isActive();
		engine.clearEvents();
		assertThat(at(Duration.ofDays(30))).containsExactly("Decay_Talk");

		assertThat(lead).isEnded().hasPassed("Decay_Talk", "End_WentCold");
		assertThat(engine.events(StageLeft.class)).singleElement()
			.satisfies(left -> assertThat(left.completed()).isFalse());
		assertThat(engine.events(StageDecayed.class)).containsExactly(
				new StageDecayed(lead.getBusinessKey(), "Stage_Talk", "Decay_Talk", NOW.plus(Duration.ofDays(30))));
		assertThat(engine.events(StageTaskEnded.class)).singleElement().satisfies(ended -> {
			assertThat(ended.taskId()).isEqualTo(call);
			assertThat(ended.done()).as("skipped").isFalse();
		});
		assertThat(engine.events(OutcomeReached.class)).containsExactly(new OutcomeReached(lead.getBusinessKey(),
				"lost", "Went cold: no progress in 30 days", NOW.plus(Duration.ofDays(30))));
		assertThat(jobs.createJobQuery().processInstanceId(lead.getId()).count()).as("no timer left behind").isZero();
	}

	@Test
	@Deployment(resources = "contract/decay-to-team.bpmn")
	void decayMayHandTheLeadToATeamAndBringItBackIntoTheStage() {
		ProcessInstance lead = runtimeService().startProcessInstanceByKey("decay-to-team", "lead-grabs",
				Map.of("leadId", "lead-grabs", "owner", "ingrid"));

		assertThat(at(Duration.ofDays(14))).containsExactly("Decay_Prospecting");

		assertThat(assignments).singleElement().satisfies(call -> {
			assertThat(call).containsEntry("team", "upForGrabs").containsEntry("lead", "lead-grabs");
		});
		assertThat(engine.events(StageDecayed.class)).extracting(StageDecayed::stageId)
			.containsExactly("Stage_Prospecting");
		assertThat(engine.events(StageEntered.class)).as("entered again").hasSize(2);
		assertThat(lead).isWaitingAt("Task_Research");
		assertThat(jobs.createJobQuery().processInstanceId(lead.getId()).timers().singleResult().getDuedate())
			.as("the stage's clock starts again")
			.isEqualTo(Date.from(NOW.plus(Duration.ofDays(28))));
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void aGoalReachedBeforeItsTimersCancelsThem() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 600_000.0, "escalateTo", "manager"));
		assertThat(jobs.createJobQuery().processInstanceId(lead.getId()).timers().count()).isEqualTo(3);

		ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(1))));
		runtimeService().setVariable(lead.getId(), "talked", true);

		assertThat(lead).isWaitingAt("Task_Offer");
		assertThat(jobs.createJobQuery().processInstanceId(lead.getId()).count()).isZero();
		assertThat(at(Duration.ofDays(40))).isEmpty();
		assertThat(engine.notifications().sent()).isEmpty();
		assertThat(engine.events(StageDecayed.class)).isEmpty();
		assertThat(lead).isActive();
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void aRecipientThatIsNoneFailsTheTimerJobInsteadOfSendingNothing() {
		ProcessInstance lead = start(Map.of("owner", "ingrid", "value", 600_000.0, "escalateTo", "boss"));
		ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(5))));
		Job escalation = jobs.createJobQuery()
			.processInstanceId(lead.getId())
			.activityId("Escalation_Talk")
			.singleResult();

		assertThatThrownBy(() -> jobs.executeJob(escalation.getId())).hasMessageContaining("'boss'");

		runtimeService().setVariable(lead.getId(), "escalateTo", "user:ghost");
		assertThatThrownBy(() -> jobs.executeJob(escalation.getId())).isInstanceOf(RecipientNotFound.class)
			.hasMessageContaining("user:ghost");
		assertThat(engine.notifications().sent()).isEmpty();
	}

	@Test
	@Deployment(resources = "contract/timers.bpmn")
	void anInstanceWithoutLeadStillTellsNamedUsers() {
		ProcessInstance instance = runtimeService().startProcessInstanceByKey("timers",
				Map.of("value", 600_000.0, "escalateTo", "owner, user:olav, group:north, user:olav"));

		at(Duration.ofDays(5));

		assertThat(engine.notifications().sent()).singleElement().satisfies(sent -> {
			assertThat(sent.template()).isEqualTo("stage-escalation");
			assertThat(sent.leadId()).isNull();
			assertThat(sent.recipients()).as("no owner, each user once")
				.containsExactly("olav", "ingrid", "maria", "per");
		});
		assertThat(instance).isActive();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"a literal duration that is not one | <bpmn:timeDuration>3 days</bpmn:timeDuration> | true | Timer_Bad, '3 days'",
			"a negative duration | <bpmn:timeDuration>-P3D</bpmn:timeDuration> | true | Timer_Bad, '-P3D'",
			"a duration with weeks and days, which the engine cannot schedule | <bpmn:timeDuration>P1W2D</bpmn:timeDuration> | false | Timer_Bad, 'P1W2D'",
			"a cycle | <bpmn:timeCycle>R/P1D</bpmn:timeCycle> | false | Timer_Bad, timeCycle",
			"a cycle that repeats once | <bpmn:timeCycle>R1/P1D</bpmn:timeCycle> | true | Timer_Bad, timeCycle",
			"a date | <bpmn:timeDate>2031-01-01T00:00:00</bpmn:timeDate> | true | Timer_Bad, timeDate" })
	void aStageTimerThatIsNotOneDurationIsRefused(String what, String timer, boolean interrupting, String expected) {
		String xml = PIPELINE.formatted("<bpmn:boundaryEvent id='Timer_Bad' cancelActivity='" + interrupting
				+ "' attachedToRef='Stage_A'><bpmn:timerEventDefinition>" + timer
				+ "</bpmn:timerEventDefinition></bpmn:boundaryEvent>", "");

		assertRefused(xml, expected.split(", "));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"a notify task without template | <camunda:inputParameter name='to'>owner</camunda:inputParameter> | Notify_Bad, template",
			"a notify task with an empty template | <camunda:inputParameter name='template'> </camunda:inputParameter> | Notify_Bad, template",
			"a recipient that is none | <camunda:inputParameter name='template'>t</camunda:inputParameter><camunda:inputParameter name='to'>owner, boss</camunda:inputParameter> | Notify_Bad, 'boss'",
			"a user without id | <camunda:inputParameter name='template'>t</camunda:inputParameter><camunda:inputParameter name='to'>user:</camunda:inputParameter> | Notify_Bad, 'user:'" })
	void aNotifyTaskThatCannotSendIsRefused(String what, String inputs, String expected) {
		String xml = PIPELINE.formatted("",
				"<bpmn:serviceTask id='Notify_Bad' camunda:delegateExpression='${notify}'><bpmn:extensionElements><camunda:inputOutput>"
						+ inputs + "</camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>");

		assertRefused(xml, expected.split(", "));
	}

	@Test
	void aReasonOnAnEndEventThatIsNotLostIsRefused() {
		String xml = PIPELINE.formatted("",
				"<bpmn:endEvent id='End_Why'><bpmn:extensionElements><camunda:properties><camunda:property name='outcome' value='won'/><camunda:property name='reason' value='Because'/></camunda:properties></bpmn:extensionElements></bpmn:endEvent>");

		assertRefused(xml, "End_Why", "reason");
	}

	@Test
	void stageTimersWithADurationOrAnExpressionAndAWellFormedNotifyDeploy() {
		String xml = PIPELINE.formatted(
				"<bpmn:boundaryEvent id='Timer_Days' cancelActivity='false' attachedToRef='Stage_A'><bpmn:timerEventDefinition><bpmn:timeDuration>P2W</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
						+ "<bpmn:boundaryEvent id='Timer_Hours' attachedToRef='Stage_A'><bpmn:timerEventDefinition><bpmn:timeDuration>P1DT12H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
						+ "<bpmn:boundaryEvent id='Timer_Expression' cancelActivity='false' attachedToRef='Stage_A'><bpmn:timerEventDefinition><bpmn:timeDuration>${slow ? 'P9D' : 'P3D'}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>",
				"<bpmn:serviceTask id='Notify_Ok' camunda:delegateExpression='${notify}'><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name='template'>t</camunda:inputParameter><camunda:inputParameter name='to'>owner, manager,team, user:lisa, group:sales</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>"
						+ "<bpmn:serviceTask id='Notify_Expression' camunda:delegateExpression='${notify}'><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name='template'>${template}</camunda:inputParameter><camunda:inputParameter name='to'>${recipients}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>");
		RepositoryService repository = engine.engine().getRepositoryService();

		String id = repository.createDeployment().addString("fine.bpmn", xml).deploy().getId();

		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("timed").count()).isOne();
		repository.deleteDeployment(id, true);
	}

	private static void assertRefused(String xml, String... named) {
		RepositoryService repository = engine.engine().getRepositoryService();
		assertThatThrownBy(() -> repository.createDeployment().addString("broken.bpmn", xml).deploy())
			.isInstanceOf(ParseException.class)
			.hasMessageContainingAll(named);
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("timed").count()).isZero();
	}

	/**
	 * Moves the clock to that long after the start and runs the timers then due, as the
	 * job executor would; returns the activities of the timers that fired.
	 */
	private List<String> at(Duration sinceStart) {
		ClockUtil.setCurrentTime(Date.from(NOW.plus(sinceStart)));
		List<Job> due = jobs.createJobQuery().timers().executable().orderByJobDuedate().asc().list();
		due.forEach(job -> jobs.executeJob(job.getId()));
		return due.stream()
			.map(job -> jobs.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult())
			.map(definition -> definition.getActivityId())
			.toList();
	}

	private List<Notification> escalations() {
		return engine.notifications().sent().stream().filter(n -> n.template().equals("stage-escalation")).toList();
	}

	private static ProcessInstance start(Map<String, Object> variables) {
		String leadId = "lead-" + System.nanoTime();
		Map<String, Object> all = new HashMap<>(variables);
		all.put("leadId", leadId);
		return runtimeService().startProcessInstanceByKey("timers", leadId, all);
	}

	/** A one-stage pipeline: boundary events on the stage, then flow nodes after it. */
	private static final String PIPELINE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
			    id="D" targetNamespace="http://pipewright.io/test">
			  <bpmn:process id="timed" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="Start"/>
			    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Stage_A"/>
			    <bpmn:subProcess id="Stage_A" name="A">
			      <bpmn:startEvent id="S"/>
			    </bpmn:subProcess>
			    %s
			    %s
			  </bpmn:process>
			</bpmn:definitions>
			""";

}

package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With pipewright.due-dates.skip-weekends, the engine gives no stage task a weekend due
 * date.
 */
class WeekendDueDatesProcessTests {

	static final ContractTestEngine engine = new ContractTestEngine(new DueDates(true, ZoneId.of("Europe/Oslo")));

	@RegisterExtension
	ProcessEngineExtension extension = ProcessEngineExtension.builder().useProcessEngine(engine.engine());

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	@Deployment(resources = "contract/assignment.bpmn")
	void aTaskCreatedOnFridayAfternoonIsDueOnMonday() {
		ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-03-06T14:00:00Z")));

		ProcessInstance lead = engine.engine()
			.getRuntimeService()
			.startProcessInstanceByKey("assignment", "lead-friday",
					Map.of("owner", "ingrid", "value", 10_000.0, "slaDays", "P1D"));

		Task team = engine.engine()
			.getTaskService()
			.createTaskQuery()
			.processInstanceId(lead.getId())
			.taskDefinitionKey("Task_Team")
			.singleResult();
		assertThat(team.getDueDate().toInstant()).isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
		Task owner = engine.engine()
			.getTaskService()
			.createTaskQuery()
			.processInstanceId(lead.getId())
			.taskDefinitionKey("Task_Owner")
			.singleResult();
		assertThat(owner.getDueDate().toInstant()).as("PT4H on a Friday afternoon stays on Friday")
			.isEqualTo(Instant.parse("2026-03-06T18:00:00Z"));
	}

}

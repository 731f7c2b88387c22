package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine's migration does to the contract's glue, which the lead feature's
 * migration relies on: stages keep their activity instance ids (stage visits are keyed by
 * them), no stage or task listener runs during the move, goals fire afterwards with the
 * new version's glue, and a lead in a dropped stage is refused at its task.
 */
class MigrationProcessTests extends ProcessTests {

	private RepositoryService repository;

	private RuntimeService runtime;

	private String v1;

	private String v2;

	@BeforeEach
	void deployBothVersions() {
		repository = engine.engine().getRepositoryService();
		runtime = engine.engine().getRuntimeService();
		v1 = deploy("migration/staircase-v1.bpmn");
		v2 = deploy("migration/staircase-v2.bpmn");
	}

	@AfterEach
	void undeploy() {
		repository.createDeploymentQuery().list().forEach(d -> repository.deleteDeployment(d.getId(), true));
	}

	@Test
	void aMovedStageKeepsItsActivityInstanceAndItsGoalFiresWithTheNewVersionsGlue() {
		ProcessInstance lead = runtime.startProcessInstanceById(v1, "lead-1");
		StageEntered entered = only(engine.events(StageEntered.class));
		assertThat(entered.stageName()).isEqualTo("Qualify");
		engine.clearEvents();

		runtime.newMigration(plan()).processInstanceIds(lead.getId()).execute();

		assertThat(engine.events(Object.class)).as("no glue runs while the engine moves the lead").isEmpty();
		assertThat(runtime.getActivityInstance(lead.getId()).getActivityInstances("Stage_Qualify")[0].getId())
			.isEqualTo(entered.activityInstanceId());

		runtime.setVariables(lead.getId(), Map.of("qualified", true));

		StageLeft left = only(engine.events(StageLeft.class));
		assertThat(left.stageId()).isEqualTo("Stage_Qualify");
		assertThat(left.activityInstanceId()).as("the visit row recorded on entry is the one closed")
			.isEqualTo(entered.activityInstanceId());
		assertThat(only(engine.events(GoalReached.class)).goalName()).isEqualTo("Need and decision maker known");
		assertThat(only(engine.events(StageEntered.class)).stageId()).as("version 2 has no meeting stage")
			.isEqualTo("Stage_Offer");
		assertThat(only(engine.events(StageTaskEnded.class)).done()).isFalse();
	}

	@Test
	void aLeadInADroppedStageIsRefusedAtTheTaskItWaitsIn() {
		ProcessInstance lead = runtime.startProcessInstanceById(v1, "lead-2");
		runtime.setVariables(lead.getId(), Map.of("qualified", true));
		engine.clearEvents();

		MigratingProcessInstanceValidationException refused = catchThrowableOfType(
				MigratingProcessInstanceValidationException.class,
				() -> runtime.newMigration(plan()).processInstanceIds(lead.getId()).execute());

		assertThat(refused.getValidationReport().getActivityInstanceReports())
			.extracting(MigratingActivityInstanceValidationReport::getSourceScopeId)
			.containsExactly("Task_PrepareMeeting");
		assertThat(runtime.createProcessInstanceQuery()
			.processInstanceId(lead.getId())
			.singleResult()
			.getProcessDefinitionId()).isEqualTo(v1);
		assertThat(engine.events(Object.class)).isEmpty();
	}

	private MigrationPlan plan() {
		return runtime.createMigrationPlan(v1, v2).mapEqualActivities().updateEventTriggers().build();
	}

	private String deploy(String resource) {
		Deployment deployment = repository.createDeployment().addClasspathResource(resource).deploy();
		return repository.createProcessDefinitionQuery().deploymentId(deployment.getId()).singleResult().getId();
	}

	private static <T> T only(java.util.List<T> items) {
		assertThat(items).hasSize(1);
		return items.get(0);
	}

}

package io.pipewright.pipeline;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Process tests run on one real engine with the contract plugin, at a fixed time, with
 * the glue's events recorded afresh for each test. Deployments are undone by the
 * extension after each test.
 */
abstract class ProcessTests {

	static final ContractTestEngine engine = new ContractTestEngine();

	@RegisterExtension
	ProcessEngineExtension extension = ProcessEngineExtension.builder().useProcessEngine(engine.engine());

	static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

	/**
	 * The inputs of each assign-lead task the pipeline ran, with the stage's open tasks
	 * at that moment.
	 */
	final List<Map<String, Object>> assignments = new CopyOnWriteArrayList<>();

	@BeforeEach
	void useEngine() {
		// the server's assign-lead bean lives in the lead feature; here it records what
		// it was asked
		Mocks.register(PipelineContract.ASSIGN_LEAD, (JavaDelegate) execution -> {
			Map<String, Object> call = new HashMap<>();
			call.put("lead", execution.getProcessBusinessKey());
			call.put("decision", execution.getVariableLocal(PipelineContract.ASSIGN_DECISION));
			if (execution.getVariableLocal(PipelineContract.ASSIGN_TEAM) != null) {
				call.put("team", execution.getVariableLocal(PipelineContract.ASSIGN_TEAM));
			}
			call.put("tasksCreatedInStage",
					engine.events(StageTaskCreated.class)
						.stream()
						.filter(task -> task.stageId().equals(execution.getParentActivityInstanceId().split(":")[0]))
						.count());
			assignments.add(call);
		});
		AbstractAssertions.init(engine.engine());
		ClockUtil.setCurrentTime(Date.from(NOW));
		engine.clearEvents();
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
		Mocks.reset();
	}

}

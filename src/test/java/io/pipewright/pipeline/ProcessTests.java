package io.pipewright.pipeline;

import java.time.Instant;
import java.util.Date;

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

	@BeforeEach
	void useEngine() {
		AbstractAssertions.init(engine.engine());
		ClockUtil.setCurrentTime(Date.from(NOW));
		engine.clearEvents();
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

}

package io.pipewright.pipeline;

import io.pipewright.pipeline.internal.ContractEnginePlugin;

import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facts written straight to the engine are seen through its history events: a history
 * level that records no variable changes is said at start, not found out from a manager's
 * empty figures.
 */
@ExtendWith(OutputCaptureExtension.class)
class HistoryLevelWarningTests {

	private static final String WARNING = "records no variable changes";

	@ParameterizedTest
	@ValueSource(strings = { "none", "activity" })
	void aLevelWithoutVariableChangesIsWarnedOf(String level, CapturedOutput output) {
		start(level);

		assertThat(output.getAll()).contains("History level " + level + " " + WARNING);
	}

	@Test
	void fullIsNot(CapturedOutput output) {
		start("full");

		assertThat(output.getAll()).doesNotContain(WARNING);
	}

	private static void start(String level) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.refresh();
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setJdbcUrl("jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		configuration.setDatabaseSchemaUpdate("create-drop");
		configuration.setJobExecutorActivate(false);
		configuration.setHistory(level);
		configuration.setProcessEngineName("history-" + UUID.randomUUID());
		configuration.getProcessEnginePlugins().add(new ContractEnginePlugin(context, DueDates.calendarTime()));
		ProcessEngine engine = configuration.buildProcessEngine();
		engine.close();
	}

}

package io.pipewright.operations;

import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Keeps the database from growing without bound: every finished lead's history gets a
 * removal time (its end plus the definition's time to live) and the engine's cleanup job
 * deletes what has expired, inside a nightly window, on whichever node's job executor
 * picks it up.
 */
@Component
@EnableConfigurationProperties(HistoryProperties.class)
class HistoryCleanup extends AbstractProcessEnginePlugin {

	private final HistoryProperties history;

	HistoryCleanup(HistoryProperties history) {
		this.history = history;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		// the engine still refuses a definition without a time to live when no default
		// is set; with one, a pipeline the Modeler deploys without it takes this default
		configuration.setEnforceHistoryTimeToLive(true);
		configuration.setHistoryTimeToLive(history.days());
		configuration.setBatchOperationHistoryTimeToLive(history.days());
		configuration.setHistoryCleanupJobLogTimeToLive(history.days());
		configuration.setTaskMetricsTimeToLive(history.days());
		configuration.setHistoryCleanupStrategy(ProcessEngineConfiguration.HISTORY_CLEANUP_STRATEGY_REMOVAL_TIME_BASED);
		configuration.setHistoryRemovalTimeStrategy(ProcessEngineConfiguration.HISTORY_REMOVAL_TIME_STRATEGY_END);
		if (history.cleansUp()) {
			configuration.setHistoryCleanupBatchWindowStartTime(history.cleanupWindowStart());
			configuration.setHistoryCleanupBatchWindowEndTime(history.cleanupWindowEnd());
		}
	}

}

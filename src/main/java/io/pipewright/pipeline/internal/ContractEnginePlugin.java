package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.DueDates;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts the modelling contract into the engine: the contract-checking parse, the glue on
 * every contract element, and expressions in which an unreported fact reads as null.
 */
@Component
@EnableConfigurationProperties(DueDates.class)
public class ContractEnginePlugin extends AbstractProcessEnginePlugin {

	private static final Logger log = LoggerFactory.getLogger(ContractEnginePlugin.class);

	private final ApplicationContext context;

	private final DueDates dueDates;

	/**
	 * @param context resolves beans in expressions and receives the glue's events
	 * @param dueDates how a task's dueIn becomes its due date
	 */
	public ContractEnginePlugin(ApplicationContext context, DueDates dueDates) {
		this.context = context;
		this.dueDates = dueDates;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		PipelineExpressionManager expressions = new PipelineExpressionManager(context);
		configuration.setExpressionManager(expressions);
		configuration.setBpmnParseFactory(ContractParse::new);
		List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
				: new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
		listeners.add(new ContractParseListener(context, expressions, dueDates));
		configuration.setCustomPostBPMNParseListeners(listeners);
	}

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		// the engine's handler exists only once it is initialised
		configuration.setHistoryEventHandler(
				new FactWrites(new StageWordsWithoutHistory(configuration.getHistoryEventHandler()), context));
	}

	/**
	 * Camunda 7.24 creates the index on ACT_RU_TASK(PARENT_TASK_ID_) only on MSSQL;
	 * elsewhere every ended task scans the table for subtasks, which slows everything
	 * once thousands of leads are open.
	 */
	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		ProcessEngineConfigurationImpl configuration = ((ProcessEngineImpl) engine).getProcessEngineConfiguration();
		// known only now: "auto" takes the level from the database
		HistoryLevel level = configuration.getHistoryLevel();
		if (!level.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, null)) {
			log.warn("History level {} records no variable changes: facts that reps tick in Tasklist or "
					+ "integrations set through engine-rest move leads but are not recorded on their timelines "
					+ "or for insight; use the history level audit or full", level.getName());
		}
		try {
			DataSource dataSource = configuration.getDataSource();
			new JdbcTemplate(dataSource)
				.execute("create index if not exists ACT_IDX_TASK_PARENT_TASK_ID on ACT_RU_TASK(PARENT_TASK_ID_)");
		}
		catch (RuntimeException ex) {
			log.warn(
					"Could not create index ACT_IDX_TASK_PARENT_TASK_ID; ending tasks will be slow with many open leads",
					ex);
		}
	}

}

package io.pipewright.pipeline;

import io.pipewright.TestDatabases;
import io.pipewright.cues.Notifications;
import io.pipewright.cues.NotifyDelegate;
import io.pipewright.cues.Recipients;
import io.pipewright.cues.RecordingNotifications;
import io.pipewright.pipeline.internal.ContractEnginePlugin;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A real engine with Pipewright's contract plugin and nothing else of the server: what
 * the process tests run on. The events the glue publishes are recorded for assertions.
 */
public final class ContractTestEngine {

	private final ProcessEngine engine;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final RecordingNotifications notifications = new RecordingNotifications();

	public ContractTestEngine() {
		this(DueDates.calendarTime());
	}

	public ContractTestEngine(DueDates dueDates) {
		GenericApplicationContext context = new GenericApplicationContext();
		context
			.addApplicationListener((ApplicationListener<PayloadApplicationEvent<?>>) e -> events.add(e.getPayload()));
		// the notify task as the server has it, sending into a recording double; built on
		// first use, once the engine (and its identity service) exists
		context.registerBean(Notifications.class, () -> notifications);
		context.registerBean(PipelineContract.NOTIFY, NotifyDelegate.class,
				() -> new NotifyDelegate(new Recipients(engine().getIdentityService()),
						context.getBeanProvider(Notifications.class)),
				bean -> bean.setLazyInit(true));
		context.refresh();
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		if (TestDatabases.postgres()) {
			TestDatabases.Database database = TestDatabases.fresh();
			configuration.setJdbcUrl(database.url());
			configuration.setJdbcUsername(database.username());
			configuration.setJdbcPassword(database.password());
			configuration.setJdbcDriver("org.postgresql.Driver");
		}
		else {
			configuration.setJdbcUrl("jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		}
		configuration.setDatabaseSchemaUpdate("create-drop");
		configuration.setJobExecutorActivate(false);
		configuration.setHistory("full");
		configuration.setProcessEngineName("contract-" + UUID.randomUUID());
		configuration.getProcessEnginePlugins().add(new ContractEnginePlugin(context, dueDates));
		engine = configuration.buildProcessEngine();
	}

	public ProcessEngine engine() {
		return engine;
	}

	/** The notifications the pipelines' notify tasks sent. */
	public RecordingNotifications notifications() {
		return notifications;
	}

	public <T> List<T> events(Class<T> type) {
		return events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public void clearEvents() {
		events.clear();
		notifications.clear();
	}

}

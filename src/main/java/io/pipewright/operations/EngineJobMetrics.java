package io.pipewright.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.impl.metrics.MetricsRegistry;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The engine's job executor in Micrometer: Camunda counts acquisitions and executions in
 * its own meters, but writes them to ACT_RU_METER_LOG only every 15 minutes and summed
 * over a node's life there. Each of those meters is wrapped, as the engine starts, so
 * every occurrence also adds to a total of this node's, read for free at each scrape.
 * {@code camunda.job.due} counts the jobs ready to run on all nodes, read at most every
 * 30 seconds: a backlog that only grows means the executors cannot keep up.
 */
@Component
class EngineJobMetrics extends AbstractProcessEnginePlugin implements MeterBinder {

	private static final Duration FRESH_FOR = Duration.ofSeconds(30);

	/** Camunda's meter, and the Micrometer counter (name and tags) it becomes. */
	private record JobMeter(String camunda, String name, String description, String... tags) {
	}

	private static final List<JobMeter> METERS = List.of(
			new JobMeter(Metrics.JOB_ACQUISITION_ATTEMPT, "camunda.job.acquisition.attempts",
					"Times the job executor looked for jobs to run"),
			// failure: another node locked the job first
			new JobMeter(Metrics.JOB_ACQUIRED_SUCCESS, "camunda.job.acquired", "Jobs this node tried to lock", "result",
					"success"),
			new JobMeter(Metrics.JOB_ACQUIRED_FAILURE, "camunda.job.acquired", "Jobs this node tried to lock", "result",
					"failure"),
			new JobMeter(Metrics.JOB_EXECUTION_REJECTED, "camunda.job.execution.rejected",
					"Acquired jobs the executor's queue had no room for"),
			new JobMeter(Metrics.JOB_SUCCESSFUL, "camunda.job.executed", "Jobs run on this node", "result",
					"successful"),
			new JobMeter(Metrics.JOB_FAILED, "camunda.job.executed", "Jobs run on this node", "result", "failed"),
			new JobMeter(Metrics.JOB_LOCKED_EXCLUSIVE, "camunda.job.locked.exclusive",
					"Exclusive jobs of one process instance locked together"));

	private final Map<String, AtomicLong> totals = METERS.stream()
		.collect(Collectors.toMap(JobMeter::camunda, meter -> new AtomicLong()));

	private final ObjectProvider<ManagementService> management;

	private final Clock clock = Clock.systemUTC();

	private long due;

	private Instant countedAt = Instant.MIN;

	EngineJobMetrics(ObjectProvider<ManagementService> management) {
		this.management = management;
	}

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		MetricsRegistry registry = configuration.getMetricsRegistry();
		if (!configuration.isMetricsEnabled() || registry == null) {
			return;
		}
		// before the job executor and the meter log reporter start, so no mark is missed
		totals.forEach((name, total) -> {
			if (registry.getDbMeterByName(name) != null) {
				registry.getDbMeters().put(name, new CountingMeter(name, total));
			}
		});
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		for (JobMeter meter : METERS) {
			FunctionCounter.builder(meter.name(), totals.get(meter.camunda()), AtomicLong::get)
				.description(meter.description())
				.tags(meter.tags())
				.register(meters);
		}
		Gauge.builder("camunda.job.due", this, EngineJobMetrics::due)
			.description("Jobs ready to run now, on all nodes")
			.register(meters);
	}

	synchronized double due() {
		Instant now = clock.instant();
		if (countedAt.plus(FRESH_FOR).isBefore(now)) {
			due = management.getObject().createJobQuery().executable().count();
			countedAt = now;
		}
		return due;
	}

	/**
	 * Camunda's meter, cleared by each report to the meter log, that also keeps a total
	 * for Prometheus, which wants counters that only go up.
	 */
	private static final class CountingMeter extends Meter {

		private final AtomicLong total;

		CountingMeter(String name, AtomicLong total) {
			super(name);
			this.total = total;
		}

		@Override
		public void mark() {
			markTimes(1);
		}

		@Override
		public void markTimes(long times) {
			super.markTimes(times);
			this.total.addAndGet(times);
		}

	}

}

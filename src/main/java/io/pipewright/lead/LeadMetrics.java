package io.pipewright.lead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * {@code pipewright.leads.closed} (won and lost leads, by {@code pipeline} and
 * {@code outcome}, counted once the close commits) and {@code pipewright.tasks.overdue}
 * (open stage tasks past their due date, over all nodes: one count read at most every 30
 * seconds however often Prometheus scrapes).
 */
@Component
class LeadMetrics {

	static final String CLOSED = "pipewright.leads.closed";

	static final String TASKS_OVERDUE = "pipewright.tasks.overdue";

	private static final Duration FRESH_FOR = Duration.ofSeconds(30);

	private final Leads leads;

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	private long overdue;

	private Instant countedAt = Instant.MIN;

	LeadMetrics(Leads leads, JdbcClient jdbc, MeterRegistry meters) {
		this.leads = leads;
		this.jdbc = jdbc;
		this.meters = meters;
		Gauge.builder(TASKS_OVERDUE, this, LeadMetrics::overdue)
			.description("Open stage tasks past their due date, on all nodes")
			.register(meters);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(LeadClosed event) {
		String pipeline = leads.find(event.leadId()).map(Lead::pipelineKey).orElse(null);
		Counter.builder(CLOSED)
			.description("Leads won or lost, by pipeline")
			.tag("pipeline", pipeline == null ? "none" : pipeline)
			.tag("outcome", event.status().json())
			.register(meters)
			.increment();
	}

	synchronized double overdue() {
		Instant now = clock.instant();
		if (countedAt.plus(FRESH_FOR).isBefore(now)) {
			overdue = jdbc.sql("select count(*) from pw_stage_task where outcome = 'open' and due_at < ?")
				.param(Leads.utc(now))
				.query(Long.class)
				.single();
			countedAt = now;
		}
		return overdue;
	}

}

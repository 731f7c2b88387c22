package io.pipewright.pipeline;

import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * {@code pipewright.leads.stage.entered}: leads that entered a stage, by {@code pipeline}
 * key and {@code stage} id (ids survive renames and migrations, names do not). Counted
 * after the engine's transaction commits, so a retried job or a rolled back call does not
 * count twice.
 */
@Component
class PipelineMetrics {

	static final String STAGE_ENTERED = "pipewright.leads.stage.entered";

	private final MeterRegistry meters;

	PipelineMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(StageEntered event) {
		Counter.builder(STAGE_ENTERED)
			.description("Leads that entered a stage, by pipeline and stage id")
			.tag("pipeline", Objects.requireNonNullElse(event.pipelineKey(), "none"))
			.tag("stage", Objects.requireNonNullElse(event.stageId(), "none"))
			.register(meters)
			.increment();
	}

}

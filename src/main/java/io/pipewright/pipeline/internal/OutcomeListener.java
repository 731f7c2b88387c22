package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.OutcomeReached;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On an end event with an {@code outcome}: the pipeline itself decided the lead is won or
 * lost, with the end event's {@code reason} if it gives one.
 */
final class OutcomeListener implements ExecutionListener {

	private final String outcome;

	private final Expression reason;

	private final ApplicationEventPublisher events;

	OutcomeListener(String outcome, Expression reason, ApplicationEventPublisher events) {
		this.outcome = outcome;
		this.reason = reason;
		this.events = events;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId != null) {
			Object why = reason == null ? null : reason.getValue(execution);
			events.publishEvent(new OutcomeReached(leadId, outcome,
					why == null || why.toString().isBlank() ? null : why.toString().strip(),
					ClockUtil.now().toInstant()));
		}
	}

}

package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.OutcomeReached;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On an end event with an {@code outcome}: the pipeline itself decided the lead is won or
 * lost.
 */
final class OutcomeListener implements ExecutionListener {

	private final String outcome;

	private final ApplicationEventPublisher events;

	OutcomeListener(String outcome, ApplicationEventPublisher events) {
		this.outcome = outcome;
		this.events = events;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId != null) {
			events.publishEvent(new OutcomeReached(leadId, outcome, ClockUtil.now().toInstant()));
		}
	}

}

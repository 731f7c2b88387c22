package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.StageEntered;
import io.pipewright.pipeline.StageLeft;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On a stage's start and end: tells the rest of Pipewright which stage the lead is in.
 */
final class StageListener implements ExecutionListener {

	private final StageModel stage;

	private final ApplicationEventPublisher events;

	StageListener(StageModel stage, ApplicationEventPublisher events) {
		this.stage = stage;
		this.events = events;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId == null) {
			return; // started by hand in Cockpit or Tasklist: no lead to keep in step
		}
		if (EVENTNAME_START.equals(execution.getEventName())) {
			events.publishEvent(new StageEntered(leadId, stage.pipelineKey, stage.id, stage.name,
					execution.getActivityInstanceId(), ClockUtil.now().toInstant()));
		}
		else {
			events.publishEvent(new StageLeft(leadId, stage.id, execution.getActivityInstanceId(),
					!execution.isCanceled(), ClockUtil.now().toInstant()));
		}
	}

}

package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.StageDecayed;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On a stage's interrupting timer: the stage it interrupted was left by decay. The engine
 * has ended the stage (and skipped its tasks) a moment before, in the same transaction.
 */
final class DecayListener implements ExecutionListener {

	private final StageModel stage;

	private final ApplicationEventPublisher events;

	DecayListener(StageModel stage, ApplicationEventPublisher events) {
		this.stage = stage;
		this.events = events;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId != null) {
			events.publishEvent(
					new StageDecayed(leadId, stage.id, execution.getCurrentActivityId(), ClockUtil.now().toInstant()));
		}
	}

}

package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.GoalReached;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On a goal's boundary event: the stage it interrupted was left because its goal was
 * reached.
 */
final class GoalListener implements ExecutionListener {

	private final StageModel stage;

	private final ApplicationEventPublisher events;

	GoalListener(StageModel stage, ApplicationEventPublisher events) {
		this.stage = stage;
		this.events = events;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId != null) {
			events.publishEvent(new GoalReached(leadId, stage.id, stage.name, stage.goalId, stage.goalName,
					ClockUtil.now().toInstant()));
		}
	}

}

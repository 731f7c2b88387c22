package io.pipewright.pipeline.internal;

import java.time.Instant;

import io.pipewright.pipeline.GoalReached;
import io.pipewright.pipeline.StageDecayed;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On a boundary event that interrupted a stage: why the stage was left, told to the lead.
 * The engine has ended the stage (and skipped its tasks) a moment before, in the same
 * transaction.
 */
final class InterruptListener implements ExecutionListener {

	/** The event to publish for a lead's execution at an instant. */
	private interface Cause {

		Object event(String leadId, DelegateExecution execution, Instant at);

	}

	private final Cause cause;

	private final ApplicationEventPublisher events;

	private InterruptListener(Cause cause, ApplicationEventPublisher events) {
		this.cause = cause;
		this.events = events;
	}

	/** The stage's goal was reached. */
	static InterruptListener goal(StageModel stage, ApplicationEventPublisher events) {
		return new InterruptListener((leadId, execution, at) -> new GoalReached(leadId, stage.id, stage.name,
				stage.goalId, stage.goalName, at), events);
	}

	/** The stage's interrupting timer ran out: the lead decayed. */
	static InterruptListener decay(StageModel stage, ApplicationEventPublisher events) {
		return new InterruptListener(
				(leadId, execution, at) -> new StageDecayed(leadId, stage.id, execution.getCurrentActivityId(), at),
				events);
	}

	@Override
	public void notify(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId != null) {
			events.publishEvent(cause.event(leadId, execution, ClockUtil.now().toInstant()));
		}
	}

}

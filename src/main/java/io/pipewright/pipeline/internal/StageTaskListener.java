package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.DueDates;
import io.pipewright.pipeline.DueIn;
import io.pipewright.pipeline.PipelineContract;
import io.pipewright.pipeline.StageTaskCreated;
import io.pipewright.pipeline.StageTaskEnded;

import java.time.Instant;
import java.util.Collections;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * On a stage task's create, complete and delete. At creation it applies the contract's
 * defaults: the due date from {@code dueIn}, the lead's owner as assignee when the model
 * names nobody. The form reads the stage's name, guidance and goal from the model
 * ({@link StageFormFields}); only a task with a generated form of its own carries them as
 * task variables.
 */
final class StageTaskListener implements TaskListener {

	private final StageModel stage;

	private final boolean wordsAsVariables;

	private final Expression dueIn;

	private final DueDates dueDates;

	private final ApplicationEventPublisher events;

	StageTaskListener(StageModel stage, boolean wordsAsVariables, Expression dueIn, DueDates dueDates,
			ApplicationEventPublisher events) {
		this.stage = stage;
		this.wordsAsVariables = wordsAsVariables;
		this.dueIn = dueIn;
		this.dueDates = dueDates;
		this.events = events;
	}

	@Override
	public void notify(DelegateTask task) {
		switch (task.getEventName()) {
			case EVENTNAME_CREATE -> created(task);
			case EVENTNAME_COMPLETE -> ended(task, true);
			case EVENTNAME_DELETE -> ended(task, false);
			default -> {
			}
		}
	}

	private void created(DelegateTask task) {
		Instant now = ClockUtil.now().toInstant();
		if (task.getDueDate() == null && dueIn != null) {
			task.setDueDate(Date.from(due(task, now)));
		}
		if (task.getAssignee() == null && task.getCandidates().isEmpty()) {
			Object owner = task.getVariable(PipelineContract.OWNER);
			if (owner != null && !owner.toString().isBlank()) {
				task.setAssignee(owner.toString());
			}
		}
		if (stage != null) {
			// the Tasklist filters show the stage on each task in their lists, read from
			// the task's variables; the rest the form reads from the model
			task.setVariablesLocal(wordsAsVariables
					? PipelineContract.stageTaskVariables(stage.name, stage.guidance, stage.goalName, stage.goalFacts)
					: Collections.singletonMap(PipelineContract.STAGE_NAME, stage.name));
		}
		String leadId = leadId(task);
		if (leadId != null) {
			events.publishEvent(
					new StageTaskCreated(leadId, task.getId(), stage == null ? null : stage.id, task.getName(),
							task.getDueDate() == null ? null : task.getDueDate().toInstant(), task.getAssignee(), now));
		}
	}

	private Instant due(DelegateTask task, Instant now) {
		Object text = dueIn.getValue(task);
		return dueDates.due(DueIn.parse(text == null ? null : text.toString()), now);
	}

	private void ended(DelegateTask task, boolean done) {
		String leadId = leadId(task);
		if (leadId != null) {
			Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
			String by = user == null ? null : user.getUserId();
			events.publishEvent(new StageTaskEnded(leadId, task.getId(), done, by, ClockUtil.now().toInstant()));
		}
	}

	private static String leadId(DelegateTask task) {
		return task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
	}

}

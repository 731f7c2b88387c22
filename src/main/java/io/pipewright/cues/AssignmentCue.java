package io.pipewright.cues;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells a person when a task becomes theirs: a listener on every user task of every
 * pipeline, whoever drew it, for the engine's assignment event. Taking a task oneself in
 * Tasklist sends nothing.
 */
@Component
class AssignmentCue extends AbstractProcessEnginePlugin {

	private final ApplicationEventPublisher events;

	AssignmentCue(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		TaskListener listener = this::assigned;
		List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
				: new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
		listeners.add(new AbstractBpmnParseListener() {
			@Override
			public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
					.addTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, listener);
			}
		});
		configuration.setCustomPostBPMNParseListeners(listeners);
	}

	private void assigned(DelegateTask task) {
		String assignee = task.getAssignee();
		if (assignee == null) {
			return;
		}
		Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
		if (current != null && assignee.equals(current.getUserId())) {
			return;
		}
		// read now: once the command is done, the task's execution can no longer be
		// loaded
		String leadId = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
		events.publishEvent(new TaskAssigned(task, assignee, leadId));
	}

	/** Whether the task is still open and still theirs once the transaction is done. */
	static boolean stillTheirs(TaskAssigned assigned) {
		DelegateTask task = assigned.task();
		return assigned.assignee().equals(task.getAssignee())
				&& !(task instanceof TaskEntity entity && (entity.isDeleted() || entity.getDeleteReason() != null));
	}

}

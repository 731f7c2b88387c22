package io.pipewright.lists;

import java.util.Objects;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The glue of the list service tasks: reads the lead, {@code listId} and {@code tags}
 * from the execution and records what the pipeline wants. It never calls MailChimp, so a
 * stage never waits on it.
 */
abstract class ListTaskDelegate implements JavaDelegate {

	static final String LIST_ID = "listId";

	static final String TAGS = "tags";

	private final ListMemberships memberships;

	private final boolean subscribed;

	ListTaskDelegate(ListMemberships memberships, boolean subscribed) {
		this.memberships = memberships;
		this.subscribed = subscribed;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String listId = Objects.toString(execution.getVariableLocal(LIST_ID), "").strip();
		if (listId.isEmpty()) {
			// an incident in Cockpit, so the admin sees which task lacks its audience
			throw new IllegalStateException("List task '" + execution.getCurrentActivityId() + "' has no listId");
		}
		memberships.want(new WantedMembership(execution.getProcessBusinessKey(), listId, subscribed,
				ListMemberships.tags(Objects.toString(execution.getVariableLocal(TAGS), null)), pipelineKey(execution),
				stageOf(execution)));
	}

	private static String pipelineKey(DelegateExecution execution) {
		return execution.getProcessEngineServices()
			.getRepositoryService()
			.getProcessDefinition(execution.getProcessDefinitionId())
			.getKey();
	}

	/** The stage (top-level subprocess) that holds the task, if any. */
	private static String stageOf(DelegateExecution execution) {
		FlowElement element = execution.getBpmnModelElementInstance();
		ModelElementInstance parent = element == null ? null : element.getParentElement();
		String stage = null;
		while (parent != null && !(parent instanceof Process)) {
			if (parent instanceof SubProcess sub && !sub.triggeredByEvent()) {
				stage = sub.getId();
			}
			parent = parent.getParentElement();
		}
		return stage;
	}

}

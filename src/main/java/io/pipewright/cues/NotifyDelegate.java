package io.pipewright.cues;

import io.pipewright.pipeline.PipelineContract;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The notify service task ({@code camunda:delegateExpression="${notify}"}): sends the
 * template named by its input parameter {@code template} to the recipients named by
 * {@code to}, with the stage's and the task's names and the task's {@code values}. A
 * recipient that is not one, or does not exist, fails the task: an incident in Cockpit,
 * never a cue that silently reaches nobody.
 */
@Component(PipelineContract.NOTIFY)
public class NotifyDelegate implements JavaDelegate {

	private final Recipients recipients;

	private final ObjectProvider<Notifications> notifications;

	/**
	 * @param notifications looked up when a cue is sent, so the server starts (and shows
	 * an incident on the task) where no notifications are set up
	 */
	public NotifyDelegate(Recipients recipients, ObjectProvider<Notifications> notifications) {
		this.recipients = recipients;
		this.notifications = notifications;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object template = execution.getVariableLocal(PipelineContract.NOTIFY_TEMPLATE);
		if (template == null || template.toString().isBlank()) {
			throw new IllegalStateException("Notify task '" + execution.getCurrentActivityId()
					+ "' has no template: its input parameter " + PipelineContract.NOTIFY_TEMPLATE + " is empty");
		}
		Object to = execution.getVariableLocal(PipelineContract.NOTIFY_TO);
		Object owner = execution.getVariable(PipelineContract.OWNER);
		List<String> users = recipients.resolve(to == null ? null : to.toString(),
				owner == null || owner.toString().isBlank() ? null : owner.toString());
		if (users.isEmpty()) {
			return; // a lead without owner, a team with no members: nobody to tell
		}
		Map<String, Object> values = new LinkedHashMap<>();
		if (execution.getVariableLocal(PipelineContract.NOTIFY_VALUES) instanceof Map<?, ?> own) {
			own.forEach((key, value) -> {
				if (key != null && value != null) {
					values.put(key.toString(), value);
				}
			});
		}
		FlowNode task = (FlowNode) execution.getBpmnModelElementInstance();
		putName(values, PipelineContract.NOTIFY_STAGE_NAME, stageOf(task));
		putName(values, PipelineContract.NOTIFY_TASK_NAME, task);
		Notifications sender = notifications.getIfAvailable();
		if (sender == null) {
			throw new IllegalStateException("Notify task '" + execution.getCurrentActivityId()
					+ "' cannot send: this server has no notifications set up");
		}
		sender.send(new Notification(template.toString().strip(), users, execution.getProcessBusinessKey(), values));
	}

	private static void putName(Map<String, Object> values, String key, FlowNode node) {
		if (node != null) {
			values.put(key, node.getName() == null || node.getName().isBlank() ? node.getId() : node.getName().strip());
		}
	}

	/**
	 * The stage the task belongs to: the one it sits in, or else the nearest one its flow
	 * comes from, as the stage a reminder's timer is attached to.
	 */
	private static SubProcess stageOf(FlowNode task) {
		for (ModelElementInstance parent = task.getParentElement(); parent != null; parent = parent
			.getParentElement()) {
			if (parent instanceof SubProcess sub && isStage(sub)) {
				return sub;
			}
		}
		// by the flows' own source and target: bpmn:incoming is optional and often absent
		Collection<SequenceFlow> flows = task.getModelInstance().getModelElementsByType(SequenceFlow.class);
		Deque<FlowNode> todo = new ArrayDeque<>(List.of(task));
		Set<String> seen = new HashSet<>();
		while (!todo.isEmpty()) {
			FlowNode node = todo.poll();
			if (!seen.add(node.getId())) {
				continue;
			}
			for (SequenceFlow incoming : flows) {
				if (!node.equals(incoming.getTarget())) {
					continue;
				}
				FlowNode source = incoming.getSource();
				if (source instanceof SubProcess sub && isStage(sub)) {
					return sub;
				}
				if (source instanceof BoundaryEvent boundary && boundary.getAttachedTo() instanceof SubProcess sub
						&& isStage(sub)) {
					return sub;
				}
				todo.add(source);
			}
		}
		return null;
	}

	private static boolean isStage(SubProcess sub) {
		return !sub.triggeredByEvent() && sub.getParentElement() instanceof Process;
	}

}

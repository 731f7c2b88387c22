package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.DueDates;
import io.pipewright.pipeline.PipelineContract;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.el.ExpressionManager;
import org.camunda.bpm.engine.impl.el.FixedValue;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Attaches Pipewright's glue to every element of the modelling contract, whoever drew the
 * BPMN: stages (top-level embedded subprocesses), their goals (interrupting conditional
 * boundary events), their decay (interrupting timer boundary events), stage tasks (user
 * tasks) and end events with an outcome.
 */
final class ContractParseListener extends AbstractBpmnParseListener {

	private final ApplicationEventPublisher events;

	private final ExpressionManager expressions;

	private final DueDates dueDates;

	ContractParseListener(ApplicationEventPublisher events, ExpressionManager expressions, DueDates dueDates) {
		this.events = events;
		this.expressions = expressions;
		this.dueDates = dueDates;
	}

	@Override
	public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
		if (!isStage(activity)) {
			return;
		}
		StageModel stage = stageModel(activity);
		stage.name = nameOf(activity);
		String guidance = ContractParse.property(element, PipelineContract.GUIDANCE);
		stage.guidance = guidance == null || guidance.isBlank() ? documentation(element) : guidance.strip();
		ExecutionListener listener = new StageListener(stage, events);
		activity.addListener(ExecutionListener.EVENTNAME_START, listener);
		activity.addListener(ExecutionListener.EVENTNAME_END, listener);
	}

	@Override
	public void parseBoundaryConditionalEventDefinition(Element element, boolean interrupting, ActivityImpl goal) {
		if (!interrupting || !(goal.getEventScope() instanceof ActivityImpl attachedTo) || !isStage(attachedTo)) {
			return;
		}
		StageModel stage = stageModel(attachedTo);
		Element condition = element.element("condition");
		stage.goal(goal.getId(), nameOf(goal), condition == null ? null : condition.getText().trim());
		goal.addListener(ExecutionListener.EVENTNAME_START, InterruptListener.goal(stage, events));
	}

	/**
	 * An interrupting timer on a stage is decay: the lead leaves the stage because it
	 * made no progress in time. A non-interrupting one (a reminder) needs no glue: its
	 * flow runs beside the stage.
	 */
	@Override
	public void parseBoundaryTimerEventDefinition(Element timerEventDefinition, boolean interrupting,
			ActivityImpl timer) {
		if (!interrupting || !(timer.getEventScope() instanceof ActivityImpl attachedTo) || !isStage(attachedTo)) {
			return;
		}
		timer.addListener(ExecutionListener.EVENTNAME_START, InterruptListener.decay(stageModel(attachedTo), events));
	}

	@Override
	public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
		ignoreBlankFields(task);
		ActivityImpl stageActivity = enclosingStage(activity);
		StageModel stage = stageActivity == null ? null : stageModel(stageActivity);
		String dueIn = ContractParse.property(element, PipelineContract.DUE_IN);
		Expression due = dueIn == null ? null : ContractParse.isExpression(dueIn.trim())
				? expressions.createExpression(dueIn.trim()) : new FixedValue(dueIn.trim());
		boolean generated = BpmnParseUtil.findCamundaExtensionElement(element, "formData") != null;
		TaskListener listener = new StageTaskListener(stage, generated, due, dueDates, events);
		task.addTaskListener(TaskListener.EVENTNAME_CREATE, listener);
		task.addTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
		task.addTaskListener(TaskListener.EVENTNAME_DELETE, listener);
		if (task.getFormKey() == null && task.getCamundaFormDefinitionKey() == null && !generated) {
			task.setFormKey(new FixedValue(PipelineContract.DEFAULT_TASK_FORM));
		}
		// a generated form would show the stage's words as fields: such a task carries
		// them as variables instead
		if (stage != null && !generated) {
			task.setTaskFormHandler(new StageFormFields(task.getTaskFormHandler(), stage));
		}
	}

	/**
	 * A field the admin left empty in the Modeler (an element template writes them) names
	 * nobody and no form: the task still goes to the lead's owner with the stage form,
	 * not to a user or group called "".
	 */
	private static void ignoreBlankFields(TaskDefinition task) {
		if (blank(task.getAssigneeExpression())) {
			task.setAssigneeExpression(null);
		}
		task.getCandidateUserIdExpressions().removeIf(ContractParseListener::blank);
		task.getCandidateGroupIdExpressions().removeIf(ContractParseListener::blank);
		if (blank(task.getFormKey())) {
			task.setFormKey(null);
		}
	}

	private static boolean blank(Expression expression) {
		return expression != null
				&& (expression.getExpressionText() == null || expression.getExpressionText().isBlank());
	}

	@Override
	public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
		String outcome = ContractParse.property(element, PipelineContract.OUTCOME);
		if (outcome != null) {
			String reason = ContractParse.property(element, PipelineContract.REASON);
			Expression why = reason == null || reason.isBlank() ? null : ContractParse.isExpression(reason.trim())
					? expressions.createExpression(reason.trim()) : new FixedValue(reason.strip());
			activity.addListener(ExecutionListener.EVENTNAME_START, new OutcomeListener(outcome.trim(), why, events));
		}
	}

	static boolean isStage(ActivityImpl activity) {
		return activity.getFlowScope() instanceof ProcessDefinitionEntity
				&& "subProcess".equals(activity.getProperties().get(BpmnProperties.TYPE))
				&& !Boolean.TRUE.equals(activity.getProperties().get(BpmnProperties.TRIGGERED_BY_EVENT));
	}

	private static ActivityImpl enclosingStage(ActivityImpl activity) {
		ActivityImpl scope = activity.getParentFlowScopeActivity();
		while (scope != null && !isStage(scope)) {
			scope = scope.getParentFlowScopeActivity();
		}
		return scope;
	}

	private static StageModel stageModel(ActivityImpl stage) {
		StageModel model = (StageModel) stage.getProperty(StageModel.PROPERTY);
		if (model == null) {
			model = new StageModel(stage.getId(), ((ProcessDefinitionEntity) stage.getProcessDefinition()).getKey());
			stage.setProperty(StageModel.PROPERTY, model);
		}
		return model;
	}

	/** The parse keeps an activity's name as a property, not in {@code getName()}. */
	private static String nameOf(ActivityImpl activity) {
		Object name = activity.getProperty("name");
		return name == null || name.toString().isBlank() ? activity.getId() : name.toString().strip();
	}

	private static String documentation(Element element) {
		Element doc = element.element("documentation");
		if (doc == null || doc.getText() == null || doc.getText().isBlank()) {
			return null;
		}
		return doc.getText().strip();
	}

}

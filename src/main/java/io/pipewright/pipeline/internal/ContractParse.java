package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.DueIn;
import io.pipewright.pipeline.PipelineContract;
import io.pipewright.pipeline.Recipient;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.engine.impl.Condition;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.camunda.bpm.engine.impl.calendar.DurationHelper;
import org.camunda.bpm.engine.impl.el.UelExpressionCondition;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * The engine's BPMN parse, holding every deployment to the modelling contract: a pipeline
 * that breaks it is refused at deployment with a message naming the element, instead of
 * failing leads later.
 */
final class ContractParse extends BpmnParse {

	private static final Set<String> OUTCOMES = Set.of("won", "lost");

	private static final Set<String> LIST_TASKS = Set.of("${" + PipelineContract.SUBSCRIBE_TO_LIST + "}",
			"${" + PipelineContract.UNSUBSCRIBE_FROM_LIST + "}");

	private static final String ASSIGN_TASK = "${" + PipelineContract.ASSIGN_LEAD + "}";

	private static final String NOTIFY_TASK = "${" + PipelineContract.NOTIFY + "}";

	private static final Set<String> ASSIGN_INPUTS = Set.of(PipelineContract.ASSIGN_OWNER, PipelineContract.ASSIGN_TEAM,
			PipelineContract.ASSIGN_DECISION);

	ContractParse(BpmnParser parser) {
		super(parser);
	}

	/**
	 * Conditions must be expressions, and a condition that reads an unreported fact is
	 * false.
	 */
	@Override
	protected Condition parseConditionExpression(Element conditionElement, String ancestorElementId) {
		Condition condition = super.parseConditionExpression(conditionElement, ancestorElementId);
		if (!(condition instanceof UelExpressionCondition)) {
			return condition; // a script condition (language="...") is the admin's own
								// business
		}
		String text = conditionElement.getText().trim();
		if (!isExpression(text)) {
			addError("Condition of '" + ancestorElementId + "' must be an expression such as ${meetingBooked}, but is '"
					+ text + "'", conditionElement, ancestorElementId);
			return condition;
		}
		return new FactCondition(expressionManager.createExpression(text), text);
	}

	/**
	 * A goal's condition may come from its {@code goalCondition} property, which element
	 * templates can set where they cannot set the condition itself. It is put in place as
	 * the condition before the engine parses the event, so the engine's conditional event
	 * and the checks above treat it as any other condition.
	 */
	@Override
	public void parseBoundaryEvents(Element parent, ScopeImpl flowScope) {
		for (Element event : parent.elements("boundaryEvent")) {
			String goalCondition = property(event, PipelineContract.GOAL_CONDITION);
			if (goalCondition != null && !goalCondition.isBlank()) {
				useGoalCondition(event, goalCondition.trim());
			}
		}
		super.parseBoundaryEvents(parent, flowScope);
	}

	private void useGoalCondition(Element event, String goalCondition) {
		String id = event.attribute("id");
		Element definition = event.element("conditionalEventDefinition");
		if (definition == null) {
			addError(
					"Goal '" + id + "': " + PipelineContract.GOAL_CONDITION
							+ " needs a conditional boundary event, but this boundary event is not conditional",
					event, id);
			return;
		}
		Element condition = definition.element("condition");
		if (condition == null) {
			return; // the engine refuses a conditional event without a condition element
		}
		String own = condition.getText().trim();
		if (own.isEmpty()) {
			condition.appendText(goalCondition);
		}
		else if (!own.equals(goalCondition)) {
			// the Modeler hides the condition field once a template is applied: a stale
			// one must not silently win over what the admin sees
			addError("Goal '" + id + "' has both a condition '" + own + "' and " + PipelineContract.GOAL_CONDITION
					+ " '" + goalCondition + "'; keep one", event, id);
		}
	}

	@Override
	public ActivityImpl parseUserTask(Element element, ScopeImpl scope) {
		ActivityImpl activity = super.parseUserTask(element, scope);
		String dueIn = property(element, PipelineContract.DUE_IN);
		if (dueIn != null && !isExpression(dueIn.trim())) {
			try {
				DueIn.parse(dueIn);
			}
			catch (IllegalArgumentException ex) {
				addError("Task '" + element.attribute("id") + "': " + PipelineContract.DUE_IN + " " + ex.getMessage(),
						element, element.attribute("id"));
			}
		}
		return activity;
	}

	/**
	 * A list task without an audience would fail every lead that reaches it; refuse it up
	 * front.
	 */
	@Override
	public ActivityImpl parseServiceTask(Element element, ScopeImpl scope) {
		ActivityImpl activity = super.parseServiceTask(element, scope);
		String delegate = element.attributeNS(CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
		String bean = delegate == null ? null : delegate.replaceAll("\\s", "");
		if (ASSIGN_TASK.equals(bean)) {
			List<String> named = inputs(element).filter(p -> ASSIGN_INPUTS.contains(p.attribute("name")))
				.map(p -> p.attribute("name") + (p.getText() == null || p.getText().isBlank() ? " (empty)" : ""))
				.toList();
			if (named.size() > 1 || named.stream().anyMatch(name -> name.endsWith("(empty)"))) {
				addError("Assign-lead task '" + element.attribute("id")
						+ "' names at most one of the input parameters owner, team or decision, each with a value, but has "
						+ String.join(", ", named), element, element.attribute("id"));
			}
		}
		if (NOTIFY_TASK.equals(bean)) {
			checkNotify(element);
		}
		if (bean != null && LIST_TASKS.contains(bean)) {
			boolean hasListId = inputs(element)
				.anyMatch(p -> "listId".equals(p.attribute("name")) && p.getText() != null && !p.getText().isBlank());
			if (!hasListId) {
				addError(
						"List task '" + element.attribute("id")
								+ "' needs an input parameter listId (the MailChimp audience id)",
						element, element.attribute("id"));
			}
		}
		return activity;
	}

	/**
	 * A notify task without a template could never send; a literal recipient that is not
	 * one would fail every lead that reaches it.
	 */
	private void checkNotify(Element element) {
		String id = element.attribute("id");
		String template = input(element, PipelineContract.NOTIFY_TEMPLATE);
		if (template == null || template.isBlank()) {
			addError("Notify task '" + id + "' needs an input parameter " + PipelineContract.NOTIFY_TEMPLATE
					+ " (the notification template's name)", element, id);
		}
		String to = input(element, PipelineContract.NOTIFY_TO);
		if (to != null && !to.contains("${") && !to.contains("#{")) {
			try {
				Recipient.parse(to);
			}
			catch (Recipient.UnknownRecipient ex) {
				addError("Notify task '" + id + "': " + ex.getMessage(), element, id);
			}
		}
	}

	/**
	 * A timer on a stage is a reminder, an escalation or decay after a time in the stage:
	 * one duration, counted from entering it. A cycle would repeat the cue and a date
	 * would not depend on the lead at all, so both are refused; a literal duration must
	 * be one the engine can schedule, or the lead would fail to enter the stage.
	 */
	@Override
	public void parseBoundaryTimerEventDefinition(Element timerEventDefinition, boolean interrupting,
			ActivityImpl boundaryActivity) {
		if (boundaryActivity.getEventScope() instanceof ActivityImpl attachedTo
				&& ContractParseListener.isStage(attachedTo)) {
			checkStageTimer(timerEventDefinition, boundaryActivity.getId(), attachedTo.getId());
		}
		super.parseBoundaryTimerEventDefinition(timerEventDefinition, interrupting, boundaryActivity);
	}

	private void checkStageTimer(Element definition, String id, String stageId) {
		String what = "Timer '" + id + "' on stage '" + stageId + "'";
		if (definition.element("timeCycle") != null || definition.element("timeDate") != null) {
			addError(what + " must have a timeDuration (such as P3D), counted from entering the stage; "
					+ "a timeCycle or timeDate is not allowed on a stage", definition, id);
			return;
		}
		Element duration = definition.element("timeDuration");
		String text = duration == null || duration.getText() == null ? "" : duration.getText().trim();
		if (text.isEmpty() || isExpression(text)) {
			return; // the engine refuses a timer with nothing; an expression is checked
					// when it runs
		}
		if (!validDuration(text)) {
			addError(what + ": timeDuration '" + text + "' is not an ISO-8601 duration such as P3D, PT4H or P2W",
					definition, id);
		}
	}

	/**
	 * As the engine's own scheduler reads a duration, and no repetition, date or sign.
	 */
	private static boolean validDuration(String text) {
		if (!text.startsWith("P") || text.contains("/")) {
			return false;
		}
		try {
			new DurationHelper(text).getDateAfter();
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Override
	public void parseEndEvents(Element parent, ScopeImpl scope) {
		super.parseEndEvents(parent, scope);
		for (Element end : parent.elements("endEvent")) {
			String outcome = property(end, PipelineContract.OUTCOME);
			if (outcome != null && !OUTCOMES.contains(outcome.trim())) {
				addError("End event '" + end.attribute("id") + "': " + PipelineContract.OUTCOME
						+ " must be 'won' or 'lost', but is '" + outcome + "'", end, end.attribute("id"));
			}
			String reason = property(end, PipelineContract.REASON);
			if (reason != null && (outcome == null || !"lost".equals(outcome.trim()))) {
				addError(
						"End event '" + end.attribute("id") + "': a " + PipelineContract.REASON
								+ " is the lost reason, so it needs " + PipelineContract.OUTCOME + " 'lost'",
						end, end.attribute("id"));
			}
		}
	}

	/** The text of the element's input parameter of that name; null if it has none. */
	private static String input(Element element, String name) {
		return inputs(element).filter(p -> name.equals(p.attribute("name")))
			.findFirst()
			.map(p -> p.getText() == null ? "" : p.getText().trim())
			.orElse(null);
	}

	private static Stream<Element> inputs(Element element) {
		Element io = BpmnParseUtil.findCamundaExtensionElement(element, "inputOutput");
		return io == null ? Stream.empty() : io.elementsNS(CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter").stream();
	}

	static String property(Element element, String name) {
		Map<String, String> values = BpmnParseUtil.parseCamundaExtensionProperties(element);
		return values == null ? null : values.get(name);
	}

	static boolean isExpression(String text) {
		return (text.startsWith("${") || text.startsWith("#{")) && text.endsWith("}");
	}

}

package io.pipewright.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names admins type in Camunda Modeler. They are Pipewright's public modelling
 * contract: renaming one breaks every deployed pipeline, so each is pinned by a test.
 */
public final class PipelineContract {

	/**
	 * Extension property on a stage task: ISO-8601 duration from the task's creation to
	 * its due date.
	 */
	public static final String DUE_IN = "dueIn";

	/**
	 * Extension property on a stage: the guidance reps see. When it is absent or blank
	 * the stage's {@code bpmn:documentation} is the guidance; it exists because element
	 * templates cannot set documentation.
	 */
	public static final String GUIDANCE = "guidance";

	/**
	 * Extension property on a stage's goal: its condition, used when the conditional
	 * event definition has none of its own. It exists because element templates cannot
	 * set a conditional event's condition.
	 */
	public static final String GOAL_CONDITION = "goalCondition";

	/** Extension property on an end event: {@code won} or {@code lost}. */
	public static final String OUTCOME = "outcome";

	/**
	 * Extension property on an end event with outcome {@code lost}: the lost reason the
	 * lead is closed with, as {@code POST /api/leads/{id}/lost} gives it.
	 */
	public static final String REASON = "reason";

	/**
	 * Delegate expression bean of the notify service task. Input parameters:
	 * {@link #NOTIFY_TEMPLATE} (required), {@link #NOTIFY_TO} (default {@code owner}) and
	 * {@link #NOTIFY_VALUES} (a map, optional).
	 */
	public static final String NOTIFY = "notify";

	/** Input parameter of a notify task: the notification template's name. */
	public static final String NOTIFY_TEMPLATE = "template";

	/**
	 * Input parameter of a notify task: comma-separated recipients, see
	 * {@link Recipient}.
	 */
	public static final String NOTIFY_TO = "to";

	/** Input parameter of a notify task: extra values for the template's placeholders. */
	public static final String NOTIFY_VALUES = "values";

	/** Value a notification from a notify task carries: the lead's stage's name. */
	public static final String NOTIFY_STAGE_NAME = "stage";

	/** Value a notification from a notify task carries: the notify task's name. */
	public static final String NOTIFY_TASK_NAME = "task.name";

	/** Message correlated when a lead is won. */
	public static final String LEAD_WON = "LeadWon";

	/** Message correlated when a lead is lost. */
	public static final String LEAD_LOST = "LeadLost";

	/** Delegate expression bean of the list subscribe service task. */
	public static final String SUBSCRIBE_TO_LIST = "subscribeToList";

	/** Delegate expression bean of the list unsubscribe service task. */
	public static final String UNSUBSCRIBE_FROM_LIST = "unsubscribeFromList";

	/**
	 * Delegate expression bean of the assign-lead service task. Its optional input
	 * parameters, at most one: {@link #ASSIGN_OWNER}, {@link #ASSIGN_TEAM} or
	 * {@link #ASSIGN_DECISION}; with none the owner decision picks again.
	 */
	public static final String ASSIGN_LEAD = "assignLead";

	/** Input parameter of an assign-lead task: the user who takes the lead. */
	public static final String ASSIGN_OWNER = "owner";

	/**
	 * Input parameter of an assign-lead task: the team whose likeliest closer takes it.
	 */
	public static final String ASSIGN_TEAM = "team";

	/** Input parameter of an assign-lead task: the key of the DMN decision that picks. */
	public static final String ASSIGN_DECISION = "decision";

	/** Process variables that hold the lead's fields; facts may not take these names. */
	public static final String LEAD_ID = "leadId";

	public static final String OWNER = "owner";

	public static final String VALUE = "value";

	public static final String CURRENCY = "currency";

	public static final String NAME = "name";

	public static final String COMPANY = "company";

	public static final String EMAIL = "email";

	public static final String PHONE = "phone";

	public static final String TERRITORY = "territory";

	public static final String PRODUCT_LINE = "productLine";

	public static final String SOURCE = "source";

	public static final Set<String> LEAD_FIELDS = Set.of(LEAD_ID, OWNER, VALUE, CURRENCY, NAME, COMPANY, EMAIL, PHONE,
			TERRITORY, PRODUCT_LINE, SOURCE);

	/** Task-local variables a stage task carries for its form. */
	public static final String STAGE_NAME = "stageName";

	public static final String STAGE_GUIDANCE = "stageGuidance";

	public static final String GOAL_NAME = "goalName";

	public static final String GOAL_FACTS = "goalFacts";

	/**
	 * The task-local variables of a stage task, as set when the task appears and again
	 * when a migration gives its stage new words.
	 */
	public static Map<String, Object> stageTaskVariables(String stageName, String guidance, String goalName,
			List<String> goalFacts) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put(STAGE_NAME, stageName);
		variables.put(STAGE_GUIDANCE, guidance);
		variables.put(GOAL_NAME, goalName);
		variables.put(GOAL_FACTS, String.join(",", goalFacts == null ? List.of() : goalFacts));
		return variables;
	}

	/** The task form used when a stage task names none of its own. */
	public static final String DEFAULT_TASK_FORM = "embedded:/forms/stage-task.html";

	private PipelineContract() {
	}

}

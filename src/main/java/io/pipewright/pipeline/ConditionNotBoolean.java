package io.pipewright.pipeline;

import org.camunda.bpm.engine.ProcessEngineException;

/**
 * A goal or gateway condition gave something other than true, false or null, usually
 * because a fact it reads was reported as a text or a number. The engine rolls back; in
 * Cockpit it is an incident.
 */
public class ConditionNotBoolean extends ProcessEngineException {

	private final String condition;

	public ConditionNotBoolean(String condition, Object value) {
		super("Condition " + condition + " must be true or false, but gave " + value.getClass().getSimpleName() + " '"
				+ value + "'");
		this.condition = condition;
	}

	public String condition() {
		return condition;
	}

}

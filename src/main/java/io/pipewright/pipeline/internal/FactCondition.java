package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.ConditionNotBoolean;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.el.Expression;
import org.camunda.bpm.engine.impl.el.UelExpressionCondition;

/**
 * A condition over facts. A fact not reported yet reads as null (see
 * {@link UnreportedFactResolver}), so {@code ${meetingBooked}} yields null before anyone
 * reports it: that counts as false here instead of stopping the lead with an incident.
 */
final class FactCondition extends UelExpressionCondition {

	private final String text;

	FactCondition(Expression expression, String text) {
		super(expression);
		this.text = text;
	}

	@Override
	public boolean evaluate(VariableScope scope, DelegateExecution execution) {
		Object result = expression.getValue(scope, execution);
		if (result == null) {
			return false;
		}
		if (result instanceof Boolean b) {
			return b;
		}
		throw new ConditionNotBoolean(text, result);
	}

}

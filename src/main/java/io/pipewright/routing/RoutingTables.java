package io.pipewright.routing;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.util.DecisionEvaluationUtil;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Evaluates the routing decisions an admin deployed, as the engine evaluates a business
 * rule task (so Cockpit shows each evaluation). A failure is caught inside the engine
 * command and returned: a failing command would mark the caller's transaction for
 * rollback, and a broken table must never cost the lead it was routing.
 */
@Component
class RoutingTables {

	private final CommandExecutor commands;

	RoutingTables(ProcessEngine engine) {
		this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
			.getCommandExecutorTxRequired();
	}

	/** A table that cannot be followed, and why in words an admin acts on. */
	static final class TableProblem extends Exception {

		TableProblem(String message) {
			super(message, null, false, false);
		}

	}

	private record Outcome(Map<String, Object> outputs, String problem) {
	}

	/**
	 * The first matching rule's outputs, or empty when no rule matches.
	 * @throws TableProblem when the decision is not deployed or fails to evaluate
	 */
	Optional<Map<String, Object>> evaluate(String key, LeadDraft lead) throws TableProblem {
		Outcome outcome = commands.execute(context -> {
			DecisionDefinition decision;
			try {
				decision = context.getDecisionDefinitionManager().findLatestDecisionDefinitionByKey(key);
			}
			catch (RuntimeException ex) {
				return new Outcome(null, "decision '" + key + "' cannot be found: " + ex.getMessage());
			}
			if (decision == null) {
				return new Outcome(null, "no decision '" + key + "' is deployed");
			}
			try {
				DmnDecisionResult result = DecisionEvaluationUtil
					.evaluateDecision(context.getProcessEngineConfiguration()
						.getDeploymentCache()
						.findDeployedDecisionDefinitionById(decision.getId()), variables(lead));
				return new Outcome(result.isEmpty() ? null : result.getFirstResult().getEntryMap(), null);
			}
			catch (Exception ex) {
				return new Outcome(null,
						"decision '" + key + "' (version " + decision.getVersion() + ") failed: " + ex.getMessage());
			}
		});
		if (outcome.problem() != null) {
			throw new TableProblem(outcome.problem());
		}
		return Optional.ofNullable(outcome.outputs());
	}

	/** The lead's fields under the names the modelling contract gives them. */
	static VariableMap variables(LeadDraft lead) {
		return Variables.createVariables()
			.putValue("pipeline", lead.pipeline())
			.putValue("owner", lead.owner())
			.putValue("source", lead.source())
			.putValue("productLine", lead.productLine())
			.putValue("territory", lead.territory())
			.putValue("value", lead.value() == null ? null : lead.value().doubleValue())
			.putValue("currency", lead.currency());
	}

	/** A rule's text output, or null when the rule leaves it empty. */
	static String text(Map<String, Object> outputs, String name) {
		Object value = outputs.get(name);
		return value == null || value.toString().isBlank() ? null : value.toString().trim();
	}

}

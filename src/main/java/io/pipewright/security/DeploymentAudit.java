package io.pipewright.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Audits every new deployment, whoever makes it: the Modeler through engine-rest (the
 * actor is the user it logged in as), Cockpit, or the shipped pipelines at start-up
 * (actor {@code system}). A deployer placed after the engine's own runs inside the
 * deployment's transaction, so a deployment the contract refuses leaves no entry, and it
 * sees only what was really deployed: files the duplicate filter skipped are not named,
 * and a start-up with nothing changed writes nothing.
 */
@Component
class DeploymentAudit extends AbstractProcessEnginePlugin implements Deployer {

	// a long deployment still fits the entry's detail
	private static final int MAX_LISTED = 50;

	private final ObjectProvider<AuditTrail> audit;

	DeploymentAudit(ObjectProvider<AuditTrail> audit) {
		this.audit = audit;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<Deployer> deployers = configuration.getCustomPostDeployers() == null ? new ArrayList<>()
				: new ArrayList<>(configuration.getCustomPostDeployers());
		deployers.add(this);
		configuration.setCustomPostDeployers(deployers);
	}

	@Override
	public void deploy(DeploymentEntity deployment) {
		// the cache parses old deployments again after a restart; only a new one is news
		if (!deployment.isNew()) {
			return;
		}
		CommandContext command = Context.getCommandContext();
		String actor = command == null ? null : command.getAuthenticatedUserId();
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("name", deployment.getName());
		detail.put("source", deployment.getSource());
		detail.put("resources", first(deployment.getResources().keySet().stream().sorted().toList()));
		List<ProcessDefinition> processes = deployment.getDeployedProcessDefinitions();
		detail.put("processDefinitions", first(processes == null ? List.of()
				: processes.stream().map(p -> p.getKey() + ":" + p.getVersion()).toList()));
		List<DecisionDefinition> decisions = deployment.getDeployedDecisionDefinitions();
		detail.put("decisionDefinitions", first(decisions == null ? List.of()
				: decisions.stream().map(d -> d.getKey() + ":" + d.getVersion()).toList()));
		audit.getObject()
			.record(actor == null ? AuditTrail.SYSTEM : actor, "deployment.created", deployment.getId(), detail);
	}

	private static List<String> first(List<String> names) {
		if (names.size() <= MAX_LISTED) {
			return names;
		}
		List<String> shown = new ArrayList<>(names.subList(0, MAX_LISTED));
		shown.add("... and " + (names.size() - MAX_LISTED) + " more");
		return shown;
	}

}

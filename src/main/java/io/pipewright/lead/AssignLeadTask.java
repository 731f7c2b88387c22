package io.pipewright.lead;

import io.pipewright.pipeline.PipelineContract;
import io.pipewright.routing.AssignTarget;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The assign-lead service task ({@code ${assignLead}}): hands the lead to the user, team
 * or decision the task names, by the same rules that route new leads.
 */
@Component(PipelineContract.ASSIGN_LEAD)
class AssignLeadTask implements JavaDelegate {

	private final LeadService leads;

	AssignLeadTask(LeadService leads) {
		this.leads = leads;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String leadId = execution.getProcessBusinessKey();
		if (leadId == null) {
			return; // an instance started by hand, with no lead behind it
		}
		leads.assignByPipeline(leadId, new AssignTarget(input(execution, PipelineContract.ASSIGN_OWNER),
				input(execution, PipelineContract.ASSIGN_TEAM), input(execution, PipelineContract.ASSIGN_DECISION)),
				execution);
	}

	/**
	 * The task's own input parameter. A task with input parameters runs in an execution
	 * of its own; one without may run in the process instance's, whose {@code owner} is
	 * the lead's, not the task's.
	 */
	private static String input(DelegateExecution execution, String name) {
		if (execution.getId().equals(execution.getProcessInstanceId())) {
			return null;
		}
		Object value = execution.getVariableLocal(name);
		return value == null || value.toString().isBlank() ? null : value.toString().trim();
	}

}

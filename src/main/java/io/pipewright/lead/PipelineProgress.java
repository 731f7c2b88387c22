package io.pipewright.lead;

import io.pipewright.pipeline.GoalReached;
import io.pipewright.pipeline.OutcomeReached;
import io.pipewright.pipeline.StageDecayed;
import io.pipewright.pipeline.StageEntered;
import io.pipewright.pipeline.StageLeft;
import io.pipewright.pipeline.StageTaskCreated;
import io.pipewright.pipeline.StageTaskEnded;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each lead's stage and history in step with its process. Plain listeners on
 * purpose: they run in the engine's transaction, so a stage change and its record commit
 * together.
 */
@Component
class PipelineProgress {

	private final Leads leads;

	private final StageVisits visits;

	private final LeadService service;

	private final StageBits bits;

	PipelineProgress(Leads leads, StageVisits visits, LeadService service, StageBits bits) {
		this.leads = leads;
		this.visits = visits;
		this.service = service;
		this.bits = bits;
	}

	@EventListener
	void on(StageEntered event) {
		if (leads.status(event.leadId()).isPresent()) {
			visits.enter(event.leadId(), event.pipelineKey(), event.stageId(), event.stageName(),
					event.activityInstanceId(), event.at());
			leads.enterStage(event.leadId(), event.stageId(), event.stageName(),
					bits.of(event.pipelineKey(), event.stageId()), event.at());
		}
	}

	@EventListener
	void on(StageLeft event) {
		leads.status(event.leadId()).ifPresent(status -> {
			String leftBy = event.completed() ? "completed" : status == LeadStatus.OPEN ? "interrupted" : status.json();
			visits.leave(event.leadId(), event.stageId(), event.activityInstanceId(), leftBy, event.at());
			leads.leaveStage(event.leadId(), event.stageId(), event.at());
		});
	}

	@EventListener
	void on(GoalReached event) {
		visits.leftBy(event.leadId(), event.stageId(), "interrupted", "goal");
	}

	@EventListener
	void on(StageDecayed event) {
		visits.decayed(event.leadId(), event.stageId());
	}

	@EventListener
	void on(StageTaskCreated event) {
		if (leads.status(event.leadId()).isPresent()) {
			visits.taskCreated(event.leadId(), event.taskId(), event.stageId(), event.name(), event.due(),
					event.assignee(), event.at());
		}
	}

	@EventListener
	void on(StageTaskEnded event) {
		visits.taskEnded(event.taskId(), event.done(), event.by(), event.at());
	}

	@EventListener
	void on(OutcomeReached event) {
		if (leads.status(event.leadId()).isPresent()) {
			service.outcomeReached(event.leadId(), LeadStatus.of(event.outcome()), event.reason(), event.at());
		}
	}

}

package io.pipewright.lead;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A lead as the API shows it. The list leaves out facts, tasks and history ({@code null}
 * there); {@code erasedAt} shows only on a lead whose person's data was erased, and
 * {@code winProbability} only on one open lead read by id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadView(String id, String externalId, String name, String company, String email, String phone,
		BigDecimal value, Currency currency, String territory, String productLine, String source, String owner,
		LocalDate expectedCloseDate, LeadStatus status, String closeReason, Instant closedAt, PipelineRef pipeline,
		CurrentStage stage, Map<String, Object> facts, List<OpenTask> tasks, List<PassedStage> stages,
		List<LeadEvents.CloseDateChange> closeDateChanges, String valueTier, OwnerAssignment assignment,
		Instant createdAt, Instant updatedAt, Instant erasedAt, WinProbability winProbability) {

	/**
	 * Why the lead has its owner (and pipeline); {@code fallback} when a routing table
	 * could not be followed.
	 */
	public record OwnerAssignment(String reason, boolean fallback) {
	}

	public record PipelineRef(String key, int version) {
	}

	public record CurrentStage(String id, String name, Instant enteredAt) {
	}

	public record OpenTask(String id, String name, Instant created, Instant due, String assignee,
			List<String> candidateGroups) {
	}

	static LeadView summary(Lead lead) {
		return of(lead, null, null, null, null);
	}

	static LeadView of(Lead lead, Map<String, Object> facts, List<OpenTask> tasks, List<PassedStage> stages,
			List<LeadEvents.CloseDateChange> closeDateChanges) {
		CurrentStage stage = lead.stageId() == null ? null
				: new CurrentStage(lead.stageId(), lead.stageName(), lead.stageEnteredAt());
		return new LeadView(lead.id(), lead.externalId(), lead.name(), lead.company(), lead.email(), lead.phone(),
				lead.value(), lead.currency(), lead.territory(), lead.productLine(), lead.source(), lead.owner(),
				lead.expectedCloseDate(), lead.status(), lead.closeReason(), lead.closedAt(),
				new PipelineRef(lead.pipelineKey(), lead.pipelineVersion()), stage, facts, tasks, stages,
				closeDateChanges, lead.valueTier(),
				lead.assignmentReason() == null ? null
						: new OwnerAssignment(lead.assignmentReason(), lead.assignmentFallback()),
				lead.createdAt(), lead.updatedAt(), lead.erasedAt(), null);
	}

	LeadView with(WinProbability probability) {
		return new LeadView(id, externalId, name, company, email, phone, value, currency, territory, productLine,
				source, owner, expectedCloseDate, status, closeReason, closedAt, pipeline, stage, facts, tasks, stages,
				closeDateChanges, valueTier, assignment, createdAt, updatedAt, erasedAt, probability);
	}

}

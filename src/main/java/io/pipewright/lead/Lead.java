package io.pipewright.lead;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A lead as Pipewright keeps it; its stage follows the engine.
 *
 * @param erasedAt when the person's data was erased on request; {@code null} while it has
 * not been
 */
public record Lead(String id, String externalId, String name, String company, String email, String phone,
		BigDecimal value, Currency currency, String territory, String productLine, String source, String owner,
		LocalDate expectedCloseDate, LeadStatus status, String closeReason, Instant closedAt, String pipelineKey,
		int pipelineVersion, String processDefinitionId, String processInstanceId, String stageId, String stageName,
		Instant stageEnteredAt, Instant createdAt, Instant updatedAt, String valueTier, String assignmentReason,
		boolean assignmentFallback, Instant erasedAt) {

	/** The same lead with a new owner, and why it has them. */
	Lead assigned(String newOwner, String reason, boolean fallback, Instant at) {
		return new Lead(id, externalId, name, company, email, phone, value, currency, territory, productLine, source,
				newOwner, expectedCloseDate, status, closeReason, closedAt, pipelineKey, pipelineVersion,
				processDefinitionId, processInstanceId, stageId, stageName, stageEnteredAt, createdAt, at, valueTier,
				reason, fallback, erasedAt);
	}

	Lead withValueTier(String tier) {
		return new Lead(id, externalId, name, company, email, phone, value, currency, territory, productLine, source,
				owner, expectedCloseDate, status, closeReason, closedAt, pipelineKey, pipelineVersion,
				processDefinitionId, processInstanceId, stageId, stageName, stageEnteredAt, createdAt, updatedAt, tier,
				assignmentReason, assignmentFallback, erasedAt);
	}

	Lead withValue(BigDecimal newValue) {
		return new Lead(id, externalId, name, company, email, phone, newValue, currency, territory, productLine, source,
				owner, expectedCloseDate, status, closeReason, closedAt, pipelineKey, pipelineVersion,
				processDefinitionId, processInstanceId, stageId, stageName, stageEnteredAt, createdAt, updatedAt,
				valueTier, assignmentReason, assignmentFallback, erasedAt);
	}

	public boolean isOpen() {
		return status == LeadStatus.OPEN;
	}

}

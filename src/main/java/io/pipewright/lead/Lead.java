package io.pipewright.lead;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A lead as Pipewright keeps it; its stage follows the engine. */
public record Lead(String id, String externalId, String name, String company, String email, String phone,
		BigDecimal value, Currency currency, String territory, String productLine, String source, String owner,
		LocalDate expectedCloseDate, LeadStatus status, String closeReason, Instant closedAt, String pipelineKey,
		int pipelineVersion, String processDefinitionId, String processInstanceId, String stageId, String stageName,
		Instant stageEnteredAt, Instant createdAt, Instant updatedAt) {

	public boolean isOpen() {
		return status == LeadStatus.OPEN;
	}

}

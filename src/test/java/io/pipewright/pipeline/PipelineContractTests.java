package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The names admins type in the Modeler are a public contract: every deployed pipeline
 * depends on them. This test fails when one is renamed, which must never happen without a
 * migration.
 */
class PipelineContractTests {

	@Test
	void theModellingContractKeepsItsNames() {
		assertThat(PipelineContract.DUE_IN).isEqualTo("dueIn");
		assertThat(PipelineContract.OUTCOME).isEqualTo("outcome");
		assertThat(PipelineContract.GUIDANCE).isEqualTo("guidance");
		assertThat(PipelineContract.GOAL_CONDITION).isEqualTo("goalCondition");
		assertThat(PipelineContract.LEAD_WON).isEqualTo("LeadWon");
		assertThat(PipelineContract.LEAD_LOST).isEqualTo("LeadLost");
		assertThat(PipelineContract.SUBSCRIBE_TO_LIST).isEqualTo("subscribeToList");
		assertThat(PipelineContract.UNSUBSCRIBE_FROM_LIST).isEqualTo("unsubscribeFromList");
		assertThat(PipelineContract.REASON).isEqualTo("reason");
		assertThat(PipelineContract.NOTIFY).isEqualTo("notify");
		assertThat(PipelineContract.NOTIFY_TEMPLATE).isEqualTo("template");
		assertThat(PipelineContract.NOTIFY_TO).isEqualTo("to");
		assertThat(PipelineContract.NOTIFY_VALUES).isEqualTo("values");
		assertThat(PipelineContract.NOTIFY_STAGE_NAME).isEqualTo("stage");
		assertThat(PipelineContract.NOTIFY_TASK_NAME).isEqualTo("task.name");
		assertThat(Recipient.parse("owner, manager, team, user:lisa, group:sales")).extracting(Recipient::kind)
			.containsExactly(Recipient.Kind.OWNER, Recipient.Kind.MANAGER, Recipient.Kind.TEAM, Recipient.Kind.USER,
					Recipient.Kind.GROUP);
		assertThat(PipelineContract.LEAD_FIELDS).containsExactlyInAnyOrder("leadId", "owner", "value", "currency",
				"name", "company", "email", "phone", "territory", "productLine", "source");
		assertThat(PipelineContract.DEFAULT_TASK_FORM).isEqualTo("embedded:/forms/stage-task.html");
	}

}

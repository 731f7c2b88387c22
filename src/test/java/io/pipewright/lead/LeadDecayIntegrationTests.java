package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Decay through the running server: a lead left in Prospecting of the shipped New
 * business pipeline until its 30-day timer fires (run at once through engine-rest, as
 * Cockpit's "execute" does) reads as lost with the pipeline's reason, its stage left by
 * decay.
 */
class LeadDecayIntegrationTests extends RunningServer {

	@Test
	void aLeadThatWentColdIsLostWithTheReasonAndItsStageWasLeftByDecay() {
		JsonNode created = admin().createLead(lead("Kald AS", "owner", "admin"));
		String id = created.path("id").asText();
		assertThat(stageId(created)).isEqualTo("Stage_Prospecting");
		String processInstance = admin().engineTasks(id).get(0).path("processInstanceId").asText();
		List<JsonNode> timers = ApiClient
			.list(admin().get("/engine-rest/job?processInstanceId={pi}&timers=true", processInstance).expect(200));
		assertThat(timers).as("the reminder after 5 days and the decay after 30").hasSize(2);
		JsonNode decay = timers.stream()
			.filter(job -> engineDate(job.path("dueDate")).isAfter(Instant.now().plus(Duration.ofDays(29))))
			.findFirst()
			.orElseThrow();
		assertThat(engineDate(decay.path("dueDate"))).isCloseTo(
				instant(created.path("stage").path("enteredAt")).plus(Duration.ofDays(30)),
				within(1, ChronoUnit.MINUTES));

		admin().post("/engine-rest/job/{id}/execute", "{}", decay.path("id").asText()).expect(204);

		JsonNode lead = admin().lead(id);
		assertThat(lead.path("status").asText()).isEqualTo("lost");
		assertThat(lead.path("closeReason").asText()).isEqualTo("Went cold: no progress in 30 days");
		assertThat(tasks(lead)).isEmpty();
		JsonNode prospecting = passedStage(lead, "Stage_Prospecting");
		assertThat(prospecting.path("leftBy").asText()).isEqualTo("decay");
		assertThat(ApiClient.list(prospecting.path("tasks"))).hasSize(2).allSatisfy(task -> {
			assertThat(task.path("outcome").asText()).isEqualTo("skipped");
			assertThat(task.path("endedBy").asText()).isEqualTo("decay");
		});
		assertThat(ApiClient.list(admin().get("/engine-rest/job?processInstanceId={pi}", processInstance).expect(200)))
			.as("the reminder went with the stage")
			.isEmpty();

		List<JsonNode> timeline = ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200));
		assertThat(timeline).filteredOn(entry -> entry.path("type").asText().equals("stage-left"))
			.singleElement()
			.satisfies(left -> assertThat(left.path("detail").path("leftBy").asText()).isEqualTo("decay"));
		assertThat(timeline).filteredOn(entry -> entry.path("type").asText().equals("lost"))
			.singleElement()
			.satisfies(lost -> {
				assertThat(lost.path("detail").path("by").asText()).isEqualTo("pipeline");
				assertThat(lost.path("detail").path("reason").asText()).isEqualTo("Went cold: no progress in 30 days");
			});
		assertThat(timeline).filteredOn(entry -> entry.path("type").asText().equals("task-skipped"))
			.hasSize(2)
			.allSatisfy(skipped -> assertThat(skipped.path("actor").asText()).isEqualTo("decay"));
		admin().post("/api/leads/{id}/lost", "{\"reason\":\"again\"}", id).expectProblem(409, null);
	}

	/** engine-rest's dates: 2026-11-30T19:10:34.811+0000. */
	private static Instant engineDate(JsonNode date) {
		return OffsetDateTime.parse(date.asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"))
			.toInstant();
	}

}

package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A kept win model follows the closed leads without learning everything again on each
 * close: a lead closed here is learned as it closes, imported history at the next ask,
 * and a lead another node closed within the recheck.
 */
@TestPropertySource(properties = "pipewright.insight.probability.recheck=1s")
class WinModelsIntegrationTests extends RunningServer {

	private static final Instant START = Instant.parse("2025-05-05T08:00:00Z");

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theModelLearnsLeadsClosedHereImportedOrClosedByAnotherNode() {
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			Instant at = START.plus(Duration.ofDays(i));
			history
				.append(ApiClient.write(Map.of("externalId", "kept-" + i, "name", "Kept " + i, "pipeline", "renewals",
						"createdAt", at.toString(), "closedAt", at.plus(Duration.ofDays(4)).toString(), "outcome",
						"lost", "stages", List.of(Map.of("id", "Stage_AccountReview", "enteredAt", at.toString())))))
				.append('\n');
		}
		String watched = admin().createLead(lead("Watched", "pipeline", "renewals")).path("id").asText();
		assertThat(admin().lead(watched).has("winProbability")).as("nothing closed yet").isFalse();

		admin().postText("/api/import/leads", "application/x-ndjson", history.toString()).expect(200);
		assertThat(basedOn(watched)).as("imported history, learned at the next ask").isEqualTo(3);

		String closedHere = admin().createLead(lead("Closed here", "pipeline", "renewals")).path("id").asText();
		admin().post("/api/leads/{id}/won", Map.of(), closedHere).expect(200);
		assertThat(basedOn(watched)).as("a lead closed on this node, learned as it closed").isEqualTo(4);

		closedOnAnotherNode();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(basedOn(watched)).isEqualTo(5));
		JsonNode probability = admin().lead(watched).path("winProbability");
		// 1 won of 5, shrunk toward an even chance: (1 + 5 x 0.5) / (5 + 5)
		assertThat(probability.path("value").decimalValue()).as("%s", probability).isEqualByComparingTo("0.35");
	}

	@Test
	void aFewMoreClosedLeadsAreScoredAgainInTheBackgroundManyAtOnce() {
		admin().postText("/api/import/leads", "application/x-ndjson", closedHistory("scored", 200)).expect(200);
		assertThat(calibrated()).as("the first look scores every closed lead").isEqualTo(200);

		String closedHere = admin().createLead(lead("Closed here", "pipeline", "new-business")).path("id").asText();
		admin().post("/api/leads/{id}/lost", Map.of("reason", "No budget"), closedHere).expect(200);
		assertThat(calibrated()).as("one more in 200 hardly moves the scores: the last ones answer at once")
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(calibrated()).isEqualTo(201));

		admin().postText("/api/import/leads", "application/x-ndjson", closedHistory("more", 20)).expect(200);
		assertThat(calibrated()).as("a tenth more is scored before the answer").isEqualTo(221);
	}

	/** How many closed leads the calibration was scored on. */
	private long calibrated() {
		JsonNode calibration = admin().get("/api/insight/probability?pipeline=new-business").expect(200);
		return calibration.path("learnedOn").asLong() + calibration.path("heldOut").asLong();
	}

	private static String closedHistory(String prefix, int leads) {
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < leads; i++) {
			Instant at = START.plus(Duration.ofHours(i));
			history.append(ApiClient.write(Map.of("externalId", prefix + "-" + i, "name", "Scored " + i, "pipeline",
					"new-business", "createdAt", at.toString(), "closedAt", at.plus(Duration.ofDays(4)).toString(),
					"outcome", i % 3 == 0 ? "won" : "lost", "stages",
					List.of(Map.of("id", "Stage_Prospecting", "enteredAt", at.toString())))))
				.append('\n');
		}
		return history.toString();
	}

	private long basedOn(String leadId) {
		return admin().lead(leadId).path("winProbability").path("basedOn").asLong();
	}

	/** What another node's engine transaction leaves behind when it closes a lead. */
	private void closedOnAnotherNode() {
		var at = START.plus(Duration.ofDays(10)).atOffset(ZoneOffset.UTC);
		String id = UUID.randomUUID().toString();
		jdbc.update("""
				insert into pw_lead (id, name, currency, status, closed_at, pipeline_key, pipeline_version,
				process_definition_id, created_at, updated_at) values (?, 'Elsewhere', 'NOK', 'lost', ?, 'renewals', 1,
				'elsewhere', ?, ?)
				""", id, at, at.minusDays(3), at);
		jdbc.update("""
				insert into pw_stage_visit (lead_id, pipeline_key, stage_id, stage_name, activity_instance_id,
				entered_at, left_at, left_by, lead_closed_at) values (?, 'renewals', 'Stage_AccountReview',
				'Account review', ?, ?, ?, 'lost', ?)
				""", id, "elsewhere-" + id, at.minusDays(3), at, at);
	}

}

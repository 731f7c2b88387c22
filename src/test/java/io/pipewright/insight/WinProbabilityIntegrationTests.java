package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import io.pipewright.lead.WinProbabilities;
import io.pipewright.lead.WinProbability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The win probability on a generated history whose true win rates depend on the order of
 * milestones: of the leads that got past prospecting, those that confirmed the budget
 * before the first visit win 80 %, those that confirmed it at the visit 30 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WinProbabilityIntegrationTests extends RunningServer {

	private static final int LEADS = 400;

	@Autowired
	private WinProbabilities probabilities;

	private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");

	/** The generated leads that confirmed the budget before the first visit: all, won. */
	private final long[] budgetFirst = new long[2];

	@BeforeAll
	void history() {
		Random random = new Random(20261125);
		StringBuilder ndjson = new StringBuilder();
		for (int i = 0; i < LEADS; i++) {
			ndjson.append(ApiClient.write(generated(i, random))).append('\n');
		}
		// thin history in the other pipeline: two leads, both won
		for (int i = 0; i < 2; i++) {
			Instant at = START.plus(Duration.ofDays(i));
			ndjson
				.append(ApiClient
					.write(Map.of("externalId", "renewal-" + i, "name", "Renewal " + i, "pipeline", "renewals",
							"createdAt", at.toString(), "closedAt", at.plus(Duration.ofDays(5)).toString(), "outcome",
							"won", "stages", List.of(Map.of("id", "Stage_AccountReview", "enteredAt", at.toString())))))
				.append('\n');
		}
		JsonNode report = admin().postText("/api/import/leads", "application/x-ndjson", ndjson.toString()).expect(200);
		assertThat(report.path("created").asInt()).as("%s", report).isEqualTo(LEADS + 2);
	}

	/**
	 * One closed lead: a quarter is lost in prospecting; the rest confirm interest, then
	 * the budget before or after the first visit, one in two each way.
	 */
	private Map<String, Object> generated(int i, Random random) {
		Instant t0 = START.plus(Duration.ofHours(6L * i));
		List<Map<String, Object>> stages = new ArrayList<>();
		List<Map<String, Object>> facts = new ArrayList<>();
		stages.add(stage("Stage_Prospecting", t0));
		boolean won;
		Instant closedAt;
		if (random.nextDouble() < 0.25) {
			won = false;
			closedAt = t0.plus(Duration.ofDays(2));
		}
		else {
			facts.add(fact("interestConfirmed", t0.plus(Duration.ofDays(1))));
			stages.add(stage("Stage_BookMeeting", t0.plus(Duration.ofDays(1))));
			boolean first = random.nextBoolean();
			if (first) {
				facts.add(fact("budgetConfirmed", t0.plus(Duration.ofDays(2))));
			}
			facts.add(fact("meetingAgreed", t0.plus(Duration.ofDays(3))));
			stages.add(stage("Stage_FirstVisit", t0.plus(Duration.ofDays(3))));
			if (!first) {
				facts.add(fact("budgetConfirmed", t0.plus(Duration.ofDays(4))));
			}
			won = random.nextDouble() < (first ? 0.8 : 0.3);
			if (first) {
				budgetFirst[0]++;
				budgetFirst[1] += won ? 1 : 0;
			}
			if (won || random.nextBoolean()) {
				stages.add(stage("Stage_Offer", t0.plus(Duration.ofDays(6))));
			}
			if (won) {
				stages.add(stage("Stage_Close", t0.plus(Duration.ofDays(8))));
			}
			closedAt = t0.plus(Duration.ofDays(10));
		}
		Map<String, Object> lead = new LinkedHashMap<>();
		lead.put("externalId", "history-" + i);
		lead.put("name", "History " + i);
		lead.put("pipeline", "new-business");
		lead.put("createdAt", t0.toString());
		lead.put("closedAt", closedAt.toString());
		lead.put("outcome", won ? "won" : "lost");
		lead.put("stages", stages);
		lead.put("facts", facts);
		return lead;
	}

	private static Map<String, Object> stage(String id, Instant at) {
		return Map.of("id", id, "enteredAt", at.toString());
	}

	private static Map<String, Object> fact(String name, Instant at) {
		return Map.of("name", name, "value", true, "at", at.toString());
	}

	@Test
	void anOpenLeadGetsTheWinRateOfTheClosedLeadsThatTookItsPathInItsOrder() {
		String first = admin().createLead(lead("Budget first", "pipeline", "new-business")).path("id").asText();
		admin().reportFacts(first, Map.of("interestConfirmed", true));
		admin().reportFacts(first, Map.of("budgetConfirmed", true));
		admin().reportFacts(first, Map.of("meetingAgreed", true));
		String after = admin().createLead(lead("Budget after", "pipeline", "new-business")).path("id").asText();
		admin().reportFacts(after, Map.of("interestConfirmed", true));
		admin().reportFacts(after, Map.of("meetingAgreed", true));
		admin().reportFacts(after, Map.of("budgetConfirmed", true));

		JsonNode firstLead = admin().lead(first);
		JsonNode afterLead = admin().lead(after);
		assertThat(stageId(firstLead)).isEqualTo("Stage_FirstVisit");
		assertThat(stageId(afterLead)).isEqualTo("Stage_FirstVisit");

		// both reached the same milestones; only the order differs
		JsonNode p = firstLead.path("winProbability");
		assertThat(p.path("level").asText()).as("%s", p).isEqualTo("path");
		assertThat(p.path("value").asDouble()).as("%s", p).isCloseTo(0.8, within(0.08));
		assertThat(p.path("value").decimalValue().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
		assertThat(p.path("basedOn").asLong()).isEqualTo(budgetFirst[0]);
		assertThat(p.path("basis").asText()).isEqualTo(budgetFirst[0]
				+ " closed leads took the same steps in the same order (Prospecting, interest confirmed, Booking a"
				+ " meeting, budget confirmed, meeting agreed, First visit); " + budgetFirst[1] + " of them were won.");
		JsonNode q = afterLead.path("winProbability");
		assertThat(q.path("level").asText()).as("%s", q).isEqualTo("path");
		assertThat(q.path("value").asDouble()).as("%s", q).isCloseTo(0.3, within(0.08));

		// a lead only created is compared with every lead that entered prospecting
		String fresh = admin().createLead(lead("Fresh", "pipeline", "new-business")).path("id").asText();
		JsonNode r = admin().lead(fresh).path("winProbability");
		assertThat(r.path("level").asText()).as("%s", r).isEqualTo("path");
		assertThat(r.path("basedOn").asLong()).isEqualTo(LEADS);

		admin().post("/api/leads/{id}/won", Map.of(), first).expect(200);
		assertThat(admin().lead(first).has("winProbability")).as("a closed lead has none").isFalse();
	}

	@Test
	void theBulkAnswerIsEachLeadsOwnAcrossPipelinesAndSlices() {
		String fresh = admin().createLead(lead("Bulk fresh", "pipeline", "new-business")).path("id").asText();
		String first = admin().createLead(lead("Bulk budget first", "pipeline", "new-business")).path("id").asText();
		admin().reportFacts(first, Map.of("interestConfirmed", true));
		admin().reportFacts(first, Map.of("budgetConfirmed", true));
		String renewal = admin().createLead(lead("Bulk renewal", "pipeline", "renewals")).path("id").asText();
		// one of the history's closed leads: closing one here would change the others'
		// tests
		String closed = ApiClient
			.list(admin().get("/api/leads?status=won&pipeline=renewals").expect(200).path("content"))
			.get(0)
			.path("id")
			.asText();

		// more ids than one read takes: the leads sit in the first and the second slice
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < Milestones.SLICE + 200; i++) {
			ids.add("no-such-lead-" + i);
		}
		ids.set(0, fresh);
		ids.set(Milestones.SLICE - 1, first);
		ids.set(Milestones.SLICE, renewal);
		ids.set(Milestones.SLICE + 199, closed);
		ids.add(first);
		Map<String, WinProbability> bulk = probabilities.of(ids);

		assertThat(bulk).containsOnlyKeys(fresh, first, renewal);
		for (String id : List.of(fresh, first, renewal)) {
			JsonNode single = admin().lead(id).path("winProbability");
			WinProbability p = bulk.get(id);
			assertThat(p.value()).as(id).isEqualByComparingTo(single.path("value").decimalValue());
			assertThat(p.basis()).isEqualTo(single.path("basis").asText());
			assertThat(p.basedOn()).isEqualTo(single.path("basedOn").asLong());
			assertThat(p.level()).isEqualTo(single.path("level").asText());
		}
		assertThat(bulk.get(fresh).value()).as("the two paths differ").isNotEqualByComparingTo(bulk.get(first).value());
		assertThat(bulk.get(renewal).level()).isEqualTo("pipeline");
		assertThat(probabilities.of(List.of())).isEmpty();
	}

	@Test
	void thinHistoryFallsBackToThePipelinesClosedLeads() {
		String lead = admin().createLead(lead("Renewal", "pipeline", "renewals")).path("id").asText();

		JsonNode p = admin().lead(lead).path("winProbability");
		// fewer than 10 closed leads at every level; (2 + 5 x 0.5) / (2 + 5)
		assertThat(p.path("level").asText()).as("%s", p).isEqualTo("pipeline");
		assertThat(p.path("value").decimalValue()).isEqualByComparingTo("0.64");
		assertThat(p.path("basedOn").asLong()).isEqualTo(2);
		assertThat(p.path("basis").asText()).isEqualTo(
				"Too few closed leads are like this one yet; of all 2 closed leads of the pipeline, 2 were won.");
	}

	@Test
	void onHeldOutLeadsTheLearnedProbabilityBeatsTheFixedPercentages() {
		JsonNode calibration = admin().get("/api/insight/probability?pipeline=new-business").expect(200);

		assertThat(calibration.path("heldOut").asLong()).isEqualTo(LEADS / 5);
		assertThat(calibration.path("learnedOn").asLong()).isEqualTo(LEADS - LEADS / 5);
		long predictions = calibration.path("predictions").asLong();
		assertThat(predictions).isGreaterThan(LEADS / 5);
		double model = calibration.path("model").path("brier").asDouble();
		double fixed = calibration.path("fixed").path("brier").asDouble();
		assertThat(model).as("%s", calibration).isLessThan(fixed - 0.05);
		for (String scores : List.of("model", "fixed")) {
			List<JsonNode> bins = ApiClient.list(calibration.path(scores).path("reliability"));
			assertThat(bins).hasSize(10);
			assertThat(bins.stream().mapToLong(bin -> bin.path("count").asLong()).sum()).isEqualTo(predictions);
		}
		assertThat(ApiClient.list(calibration.path("fixedPercentages"))
			.stream()
			.map(stage -> stage.path("probability").decimalValue().stripTrailingZeros().toPlainString())
			.collect(Collectors.joining(" "))).isEqualTo("0.1 0.2 0.4 0.6 0.8 0.9");
	}

	@Test
	void anUnknownOrMissingPipelineIsAProblemNamingIt() {
		JsonNode unknown = admin().get("/api/insight/probability?pipeline=no-such-pipeline").expectProblem(404, null);
		assertThat(unknown.path("detail").asText()).contains("no-such-pipeline");
		admin().get("/api/insight/probability").expectProblem(400, "pipeline");
	}

}

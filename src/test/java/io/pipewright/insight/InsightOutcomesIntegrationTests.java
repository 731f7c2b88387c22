package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Win rate, deal size, cycle length, time per stage and time from the ask to the
 * decision, on a history imported with times whose answers are worked out by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightOutcomesIntegrationTests extends RunningServer {

	// A: won 100 000 NOK in 10 days; 4 days prospecting, then 6 in the offer
	// B: won 300 000 NOK in 20 days; 10 days prospecting, then 10 in the offer
	// C: won 5 000 EUR in 30 days, all of them prospecting
	// D: lost 50 000 NOK after 10 days prospecting
	// budget confirmed (first reported true) 8 days before A's close, 15 before B's
	// (after
	// a false report), 8 before D's; C never
	private static final String HISTORY = """
			{"externalId":"a","name":"A","value":100000,"currency":"NOK","owner":"admin","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-11T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_Offer","enteredAt":"2026-06-05T00:00:00Z"}],"facts":[{"name":"budgetConfirmed","value":true,"at":"2026-06-03T00:00:00Z"},{"name":"needConfirmed","value":false,"at":"2026-06-04T00:00:00Z"}]}
			{"externalId":"b","name":"B","value":300000,"currency":"NOK","owner":"admin","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-21T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_Offer","enteredAt":"2026-06-11T00:00:00Z"}],"facts":[{"name":"needConfirmed","value":true,"at":"2026-06-02T00:00:00Z"},{"name":"budgetConfirmed","value":true,"at":"2026-06-06T00:00:00Z"}]}
			{"externalId":"c","name":"C","value":5000,"currency":"EUR","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-07-01T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"}]}
			{"externalId":"d","name":"D","value":50000,"currency":"NOK","pipeline":"new-business","createdAt":"2026-06-02T00:00:00Z","closedAt":"2026-06-12T00:00:00Z","outcome":"lost","reason":"Price","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-02T00:00:00Z"}],"facts":[{"name":"needConfirmed","value":true,"at":"2026-06-03T00:00:00Z"},{"name":"budgetConfirmed","value":true,"at":"2026-06-04T00:00:00Z"}]}
			""";

	@BeforeAll
	void history() {
		JsonNode report = admin().postText("/api/import/leads", "application/x-ndjson", HISTORY).expect(200);
		assertThat(report.path("created").asInt()).as("%s", report).isEqualTo(4);
	}

	@Test
	void theClosedLeadsOfThePeriodGiveWinRateDealSizeCycleAndStageTimes() {
		JsonNode outcomes = admin().get("/api/insight/outcomes?pipeline=new-business&from=2026-06-01&to=2026-07-31")
			.expect(200);

		assertThat(outcomes.path("won").asInt()).isEqualTo(3);
		assertThat(outcomes.path("lost").asInt()).isEqualTo(1);
		assertThat(outcomes.path("winRate").decimalValue()).isEqualByComparingTo("0.75");
		List<JsonNode> deals = ApiClient.list(outcomes.path("dealSize"));
		assertThat(deals)
			.extracting(d -> d.path("currency").asText() + " " + d.path("won").asInt() + " "
					+ d.path("total").decimalValue().stripTrailingZeros().toPlainString() + " "
					+ d.path("average").decimalValue().stripTrailingZeros().toPlainString())
			.containsExactly("EUR 1 5000 5000", "NOK 2 400000 200000");
		assertThat(spread(outcomes.path("cycle"))).isEqualTo("3: 20.0 (15.0-25.0) avg 20.0");

		JsonNode prospecting = stage(outcomes, "Stage_Prospecting");
		// 4, 10, 10 and 30 days
		assertThat(spread(prospecting.path("days"))).isEqualTo("4: 10.0 (8.5-15.0) avg 13.5");
		assertThat(spread(stage(outcomes, "Stage_Offer").path("days"))).isEqualTo("2: 8.0 (7.0-9.0) avg 8.0");
		assertThat(stage(outcomes, "Stage_Close").path("days").path("leads").asInt()).isZero();
		assertThat(outcomes.path("askToDecision").path("stageId").asText()).isEqualTo("Stage_Offer");
		assertThat(spread(outcomes.path("askToDecision").path("days"))).isEqualTo("2: 8.0 (7.0-9.0) avg 8.0");
	}

	/** Facts reported through the API count from their first report as true. */
	@Test
	void aFactReportedHereCountsFromItsFirstTrueReport() {
		Instant asked = Instant.parse("2026-09-01T08:00:00Z");
		String id = admin().createLead(lead("Asked here", "owner", "admin")).path("id").asText();
		try {
			ClockUtil.setCurrentTime(Date.from(asked.minus(Duration.ofDays(2))));
			admin().reportFacts(id, Map.of("budgetConfirmed", false));
			ClockUtil.setCurrentTime(Date.from(asked));
			admin().reportFacts(id, Map.of("budgetConfirmed", true));
			ClockUtil.setCurrentTime(Date.from(asked.plus(Duration.ofDays(1))));
			admin().reportFacts(id, Map.of("budgetConfirmed", true));
			ClockUtil.setCurrentTime(Date.from(asked.plus(Duration.ofDays(6))));
			admin().post("/api/leads/{id}/won", Map.of(), id).expect(200);
		}
		finally {
			ClockUtil.reset();
		}

		JsonNode outcomes = admin()
			.get("/api/insight/outcomes?pipeline=new-business&from=2026-09-01&to=2026-09-30&askFact=budgetConfirmed")
			.expect(200);
		assertThat(spread(outcomes.path("askToDecision").path("days"))).isEqualTo("1: 6.0 (6.0-6.0) avg 6.0");
	}

	@Test
	void theAskMayBeAFactFirstReportedTrue() {
		JsonNode outcomes = admin()
			.get("/api/insight/outcomes?pipeline=new-business&from=2026-06-01&to=2026-07-31&askFact=budgetConfirmed")
			.expect(200);

		assertThat(outcomes.path("askToDecision").path("fact").asText()).isEqualTo("budgetConfirmed");
		// 8, 8 and 15 days
		assertThat(spread(outcomes.path("askToDecision").path("days"))).isEqualTo("3: 8.0 (8.0-11.5) avg 10.3");
		JsonNode admins = admin()
			.get("/api/insight/outcomes?pipeline=new-business&from=2026-06-01&to=2026-07-31&askFact=budgetConfirmed"
					+ "&owner=admin")
			.expect(200);
		assertThat(spread(admins.path("askToDecision").path("days"))).isEqualTo("2: 11.5 (9.8-13.3) avg 11.5");

		admin().get("/api/insight/outcomes?pipeline=new-business&askFact=budget").expectProblem(400, "askFact");
		admin().get("/api/insight/outcomes?pipeline=new-business&askFact=budgetConfirmed&askStage=Stage_Offer")
			.expectProblem(400, "askFact");
	}

	@Test
	void filtersNarrowItAndBadInputIsRefusedNamingTheField() {
		JsonNode admins = admin()
			.get("/api/insight/outcomes?pipeline=new-business&from=2026-06-01&to=2026-07-31&owner=admin")
			.expect(200);
		assertThat(admins.path("won").asInt()).isEqualTo(2);
		assertThat(admins.path("lost").asInt()).isZero();
		assertThat(spread(admins.path("cycle"))).isEqualTo("2: 15.0 (12.5-17.5) avg 15.0");

		JsonNode june = admin().get("/api/insight/outcomes?pipeline=new-business&from=2026-06-01&to=2026-06-30")
			.expect(200);
		assertThat(june.path("won").asInt()).as("C closed on 1 July").isEqualTo(2);

		admin().get("/api/insight/outcomes?pipeline=new-business&askStage=Stage_Nowhere")
			.expectProblem(400, "askStage");
		admin().get("/api/insight/outcomes?pipeline=new-business&from=2026-08-01&to=2026-06-01")
			.expectProblem(400, "from");
		admin().get("/api/insight/outcomes").expectProblem(400, "pipeline");
	}

	private static JsonNode stage(JsonNode outcomes, String id) {
		return ApiClient.list(outcomes.path("stages"))
			.stream()
			.filter(stage -> stage.path("stageId").asText().equals(id))
			.findFirst()
			.orElseThrow();
	}

	private static String spread(JsonNode spread) {
		return spread.path("leads").asInt() + ": " + spread.path("median").asText() + " (" + spread.path("p25").asText()
				+ "-" + spread.path("p75").asText() + ") avg " + spread.path("average").asText();
	}

}

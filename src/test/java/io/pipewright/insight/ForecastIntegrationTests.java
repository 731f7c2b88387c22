package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The forecast on a history worked out by hand: 10 closed leads entered Prospecting, 4 of
 * them went on to Booking a meeting and were all won, 6 were lost in Prospecting. The win
 * model (prior strength 5, at least 10 closed leads per comparison) gives:
 *
 * <pre>
 * pipeline                      (4 + 5 x 0.5)    / (10 + 5) = 0.4333
 * stage Prospecting             (4 + 5 x 0.4333) / (10 + 5) = 0.4111
 * {Prospecting}                 (4 + 5 x 0.4111) / (10 + 5) = 0.4037
 * path Prospecting              (4 + 5 x 0.4037) / (10 + 5) = 0.4012, shown 0.40
 * </pre>
 *
 * A lead in Prospecting gets 0.40. One that confirmed interest (a fact no closed lead
 * reported) and entered Booking a meeting (4 closed leads, under 10) gets the pipeline's
 * 0.43, where its stage's odds would say 1.0.
 */
@TestPropertySource(properties = "pipewright.insight.min-measured=4")
class ForecastIntegrationTests extends RunningServer {

	@Test
	void openLeadsAreWeightedByTheirOwnWinProbabilityAndEachSnapshotIsHeldAgainstWhatWasWon() {
		ApiClient admin = admin();
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			boolean won = i < 4;
			String stages = "[{\"id\":\"Stage_Prospecting\",\"enteredAt\":\"2026-03-02T09:00:00Z\"}"
					+ (won ? ",{\"id\":\"Stage_BookMeeting\",\"enteredAt\":\"2026-03-05T09:00:00Z\"}]" : "]");
			history.append("{\"externalId\":\"h")
				.append(i)
				.append("\",\"name\":\"H")
				.append(i)
				.append("\",\"value\":1000,\"pipeline\":\"new-business\",\"closedAt\":\"2026-03-10T09:00:00Z\",")
				.append("\"outcome\":\"")
				.append(won ? "won" : "lost")
				.append("\",\"stages\":")
				.append(stages)
				.append("}\n");
		}
		assertThat(admin.postText("/api/import/leads", "application/x-ndjson", history.toString())
			.expect(200)
			.path("created")
			.asInt()).isEqualTo(10);

		YearMonth thisMonth = YearMonth.now(ZoneId.of("Europe/Oslo"));
		LocalDate nextMonth = thisMonth.plusMonths(1).atDay(10);
		// A: in Prospecting, its close date long past; B: moved on to Booking a meeting
		admin.createLead(
				lead("A", "value", 100000, "currency", "NOK", "owner", "admin", "expectedCloseDate", "2026-06-15"));
		String b = admin
			.createLead(lead("B", "value", 50000, "currency", "NOK", "owner", "admin", "expectedCloseDate",
					nextMonth.toString()))
			.path("id")
			.asText();
		admin.reportFacts(b, Map.of("interestConfirmed", true));
		admin.createLead(lead("C", "value", 1000, "currency", "EUR", "owner", "admin"));

		assertThat(admin.lead(b).path("winProbability").path("value").decimalValue()).isEqualByComparingTo("0.43");
		JsonNode now = admin.get("/api/insight/forecast?pipeline=new-business").expect(200);
		assertThat(now.path("weightedBy").asText()).isEqualTo("path");
		assertThat(months(now)).containsExactly(thisMonth + " NOK 1 100000 40000",
				thisMonth.plusMonths(1) + " NOK 1 50000 21500");
		assertThat(now.path("undated").toString()).contains("\"currency\":\"EUR\"", "\"leads\":1");

		// the snapshot of the week of 4 May: A was due in June
		ClockUtil.setCurrentTime(Date.from(LocalDate.of(2026, 5, 4).atTime(8, 0).atZone(ZoneId.of("UTC")).toInstant()));
		try {
			assertThat(admin.post("/api/insight/forecast/snapshots", Map.of()).expect(200).path("taken").asInt())
				.isPositive();
			assertThat(admin.post("/api/insight/forecast/snapshots", Map.of()).expect(200).path("taken").asInt())
				.as("one snapshot a week")
				.isZero();
		}
		finally {
			ClockUtil.reset();
		}
		// what June really brought
		admin.postText("/api/import/leads", "application/x-ndjson",
				"{\"externalId\":\"june\",\"name\":\"June\",\"value\":30000,\"currency\":\"NOK\",\"pipeline\":\"new-business\","
						+ "\"closedAt\":\"2026-06-20T09:00:00Z\",\"outcome\":\"won\"}")
			.expect(200);

		List<JsonNode> accuracy = ApiClient
			.list(admin.get("/api/insight/forecast?pipeline=new-business").expect(200).path("accuracy"));
		assertThat(accuracy)
			.extracting(row -> row.path("weekStart").asText() + " " + row.path("month").asText() + " "
					+ row.path("currency").asText() + " "
					+ row.path("forecast").decimalValue().stripTrailingZeros().toPlainString() + " "
					+ row.path("won").decimalValue().stripTrailingZeros().toPlainString() + " "
					+ row.path("ratio").decimalValue().stripTrailingZeros().toPlainString())
			.containsExactly("2026-05-04 2026-06 NOK 40000 30000 0.75");

		admin.get("/api/insight/forecast").expectProblem(400, "pipeline");
	}

	@Test
	void withoutClosedLeadsTheStageOddsWeighAndHaveNothingToSay() {
		ApiClient admin = admin();
		YearMonth thisMonth = YearMonth.now(ZoneId.of("Europe/Oslo"));
		admin.createLead(lead("R", "pipeline", "renewals", "value", 8000, "currency", "NOK", "owner", "admin",
				"expectedCloseDate", thisMonth.atEndOfMonth().toString()));

		JsonNode forecast = admin.get("/api/insight/forecast?pipeline=renewals").expect(200);
		assertThat(forecast.path("weightedBy").asText()).isEqualTo("stage");
		assertThat(forecast.path("probability").asText()).contains("without closed leads, 0");
		assertThat(months(forecast)).containsExactly(thisMonth + " NOK 1 8000 0");
	}

	private static List<String> months(JsonNode forecast) {
		return ApiClient.list(forecast.path("months"))
			.stream()
			.map(m -> m.path("month").asText() + " " + m.path("currency").asText() + " " + m.path("leads").asInt() + " "
					+ m.path("pipeline").decimalValue().stripTrailingZeros().toPlainString() + " "
					+ m.path("expected").decimalValue().stripTrailingZeros().toPlainString())
			.toList();
	}

}

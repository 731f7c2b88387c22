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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.context.TestPropertySource;

/**
 * Adoption, coaching and warning signs on a history whose answers are worked out by hand:
 * eight closed leads of June, and three open leads worked on the engine's clock (this
 * JVM's: the server runs in it) from Monday 7 September 2026 to Friday the 11th.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "pipewright.insight.min-measured=2")
class TeamInsightIntegrationTests extends RunningServer {

	private static final Instant MONDAY = Instant.parse("2026-09-07T08:00:00Z");

	// Prospecting (P), Booking a meeting (B), First visit (F). Ann: 4 entered P, 3 moved
	// on; 3 entered B, 1 moved on. Bob: 4 entered P, 2 moved on; 2 entered B, 2 moved on.
	// Team: P 5/8 = 0.625, B 3/5 = 0.6. Closed leads that left P: 8, won 3 (0.375); B: 5,
	// won 3 (0.6). Finished P visits 1, 2, 2, 3, 4 days: three in four within 3 days; B
	// 2,
	// 2, 6: within 6 days. Won in 2026: 600 000.
	private static final String HISTORY = """
			{"externalId":"a1","name":"A1","value":100000,"currency":"NOK","owner":"ann","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-10T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-06-03T00:00:00Z"},{"id":"Stage_FirstVisit","enteredAt":"2026-06-05T00:00:00Z"}]}
			{"externalId":"a2","name":"A2","owner":"ann","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-08T00:00:00Z","outcome":"lost","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-06-04T00:00:00Z"}]}
			{"externalId":"a3","name":"A3","owner":"ann","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-09T00:00:00Z","outcome":"lost","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-06-05T00:00:00Z"}]}
			{"externalId":"a4","name":"A4","owner":"ann","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-06T00:00:00Z","outcome":"lost","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"}]}
			{"externalId":"b1","name":"B1","value":200000,"currency":"NOK","owner":"bob","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-08T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-06-02T00:00:00Z"},{"id":"Stage_FirstVisit","enteredAt":"2026-06-04T00:00:00Z"}]}
			{"externalId":"b2","name":"B2","value":300000,"currency":"NOK","owner":"bob","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-12T00:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-06-03T00:00:00Z"},{"id":"Stage_FirstVisit","enteredAt":"2026-06-09T00:00:00Z"}]}
			{"externalId":"b3","name":"B3","owner":"bob","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-05T00:00:00Z","outcome":"lost","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"}]}
			{"externalId":"b4","name":"B4","owner":"bob","pipeline":"new-business","createdAt":"2026-06-01T00:00:00Z","closedAt":"2026-06-11T00:00:00Z","outcome":"lost","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-06-01T00:00:00Z"}]}
			""";

	private final Map<String, String> open = new java.util.HashMap<>();

	@BeforeAll
	void history() {
		ApiClient admin = admin();
		admin.ensureUser("ann", "ann-secret");
		admin.ensureUser("bob", "bob-secret");
		admin.ensureUserIn("mia", "mia-secret", "managers");
		admin.ensureTeam("north", "mia", "ann");
		JsonNode report = admin.postText("/api/import/leads", "application/x-ndjson", HISTORY).expect(200);
		assertThat(report.path("created").asInt()).as("%s", report).isEqualTo(8);
		try {
			at(0);
			JsonNode created = admin
				.postText("/api/import/leads", "application/x-ndjson",
						"""
								{"externalId":"o1","name":"O1","value":400000,"currency":"NOK","owner":"ann","pipeline":"new-business","expectedCloseDate":"2026-10-01"}
								{"externalId":"o2","name":"O2","value":1000000,"currency":"NOK","owner":"bob","pipeline":"new-business","expectedCloseDate":"2026-10-01"}
								{"externalId":"o3","name":"O3","value":500000,"currency":"NOK","owner":"bob","pipeline":"new-business"}
								""")
				.expect(200);
			for (JsonNode line : ApiClient.list(created.path("lines"))) {
				open.put(line.path("externalId").asText(), line.path("leadId").asText());
			}
			assertThat(open).as("%s", created).hasSize(3);
			admin.reportFacts(open.get("o3"), Map.of("interestConfirmed", true));
			assertThat(admin.lead(open.get("o3")).path("stage").path("id").asText()).isEqualTo("Stage_BookMeeting");

			// Tuesday: Ann does her research a day early; Bob's close date moves later,
			// then
			// back
			at(1);
			admin.completeTask(task("o1", "Research the company and find the decision maker"));
			closeDate("o2", "2026-11-01");
			closeDate("o2", "2026-10-15");
			// Thursday: Ann's close date slips twice
			at(3);
			closeDate("o1", "2026-11-01");
			closeDate("o1", "2026-12-01");
			// Friday: Bob books the meeting, three days after it was due
			at(4);
			admin.completeTask(task("o3", "Call to book a meeting"));
		}
		catch (RuntimeException | AssertionError ex) {
			ClockUtil.reset();
			throw ex;
		}
	}

	@AfterAll
	void realTime() {
		ClockUtil.reset();
	}

	@Test
	void adoptionCountsTasksDoneByTheirDueDateAndLeadsTouchedLately() {
		JsonNode adoption = admin()
			.get("/api/insight/adoption?pipeline=new-business&from=2026-09-01&to=2026-09-30&days=2")
			.expect(200);
		// Ann: research on time, intro call past due. Bob: both of O2's tasks past due,
		// O3's booking call late, its invitation past due; O3's prospecting tasks ended
		// when it moved on, before they were due, and do not count
		// touched since Wednesday: Ann's O1 (close date), Bob's O3 (task), not O2
		assertThat(reps(adoption)).containsExactly("ann 2 1 0.5 1 1 1", "bob 4 0 0 2 1 0.5");
		assertThat(rep(adoption.path("team"))).isEqualTo("- 6 1 0.1667 3 2 0.6667");

		JsonNode fortnight = admin().get("/api/insight/adoption?pipeline=new-business&from=2026-09-01&to=2026-09-30")
			.expect(200);
		assertThat(fortnight.path("days").asInt()).isEqualTo(14);
		assertThat(rep(fortnight.path("team"))).endsWith(" 3 3 1");

		JsonNode manager = ApiClient.admin(port)
			.as("mia", "mia-secret")
			.get("/api/insight/adoption?pipeline=new-business&from=2026-09-01&to=2026-09-30&days=2")
			.expect(200);
		assertThat(reps(manager)).containsExactly("ann 2 1 0.5 1 1 1");
		assertThat(rep(manager.path("team"))).isEqualTo("- 2 1 0.5 1 1 1");

		admin().get("/api/insight/adoption?pipeline=new-business&days=0").expectProblem(400, "days");
		admin().get("/api/insight/adoption?pipeline=new-business&from=2026-09-30&to=2026-09-01")
			.expectProblem(400, "from");
		admin().get("/api/insight/adoption?pipeline=nowhere").expectProblem(400, "pipeline");
		admin().get("/api/insight/adoption?pipeline=new-business&to=2026-13-01").expectProblem(400, "to");
	}

	@Test
	void coachingNamesTheStageFurthestBelowTheTeam() {
		JsonNode coaching = admin().get("/api/insight/coaching?pipeline=new-business&from=2026-06-01&to=2026-06-30")
			.expect(200);
		assertThat(ApiClient.list(coaching.path("team")).subList(0, 3))
			.extracting(s -> s.path("stageId").asText() + " " + s.path("entered").asInt() + " "
					+ s.path("movedOn").asInt() + " " + s.path("conversion").asText())
			.containsExactly("Stage_Prospecting 8 5 0.625", "Stage_BookMeeting 5 3 0.6", "Stage_FirstVisit 3 3 1");
		Map<String, String> weakest = new java.util.TreeMap<>();
		for (JsonNode rep : ApiClient.list(coaching.path("reps"))) {
			JsonNode w = rep.path("weakest");
			weakest.put(rep.path("owner").asText(),
					w.path("stageId").asText() + " " + w.path("entered").asInt() + " " + w.path("movedOn").asInt() + " "
							+ w.path("conversion").asText() + " vs " + w.path("teamConversion").asText() + " "
							+ w.path("gap").asText());
		}
		// Ann's first visits (1 lead) are too few to judge at min-measured 2
		assertThat(weakest).containsExactly(Map.entry("ann", "Stage_BookMeeting 3 1 0.3333 vs 0.6 -0.2667"),
				Map.entry("bob", "Stage_Prospecting 4 2 0.5 vs 0.625 -0.125"));

		JsonNode manager = ApiClient.admin(port)
			.as("mia", "mia-secret")
			.get("/api/insight/coaching?pipeline=new-business&from=2026-06-01&to=2026-06-30")
			.expect(200);
		assertThat(ApiClient.list(manager.path("reps"))).extracting(r -> r.path("owner").asText())
			.containsExactly("ann");
		// Ann alone is her manager's team: nothing below it
		JsonNode none = ApiClient.list(manager.path("reps")).get(0).path("weakest");
		assertThat(none.isNull() || none.isMissingNode()).as("%s", none).isTrue();
		admin().get("/api/insight/coaching").expectProblem(400, "pipeline");
	}

	@Test
	void warningsShowStuckLeadsSlippedDatesAThinPipelineAndTheBalanceOfWork() {
		JsonNode warnings = admin().get("/api/insight/warnings?pipeline=new-business&target=2000000").expect(200);
		// O1 and O2 have been in prospecting 4 days (usually within 3); O3 in booking 4
		// (usually within 6)
		assertThat(ApiClient.list(warnings.path("stuck")))
			.extracting(s -> s.path("name").asText() + " " + s.path("daysInStage").asText() + " > "
					+ s.path("usualDays").asText())
			.containsExactlyInAnyOrder("O1 4.0 > 3.0", "O2 4.0 > 3.0");
		assertThat(ApiClient.list(warnings.path("slipped")))
			.extracting(s -> s.path("name").asText() + " " + s.path("slips").asInt())
			.containsExactly("O1 2");

		// (400 000 + 1 000 000) x 0.375 + 500 000 x 0.6 = 825 000 against 2 000 000 - 600
		// 000
		JsonNode target = warnings.path("target");
		assertThat(target.path("currency").asText()).isEqualTo("NOK");
		assertThat(target.path("wonThisYear").decimalValue()).isEqualByComparingTo("600000");
		assertThat(target.path("toReach").decimalValue()).isEqualByComparingTo("1400000");
		assertThat(target.path("weightedPipeline").decimalValue()).isEqualByComparingTo("825000");
		assertThat(target.path("thin").asBoolean()).isTrue();
		assertThat(target.path("shortfall").decimalValue()).isEqualByComparingTo("575000");
		JsonNode short1 = admin().get("/api/insight/warnings?pipeline=new-business&target=1425001").expect(200);
		assertThat(short1.path("target").path("thin").asBoolean()).isTrue();
		JsonNode reached = admin().get("/api/insight/warnings?pipeline=new-business&target=1425000").expect(200);
		assertThat(reached.path("target").path("toReach").decimalValue()).isEqualByComparingTo("825000");
		assertThat(reached.path("target").path("thin").asBoolean()).isFalse();

		// this week: Ann's O1 and Bob's O2 and O3 entered prospecting, O3 then booking
		Map<String, String> balance = new java.util.TreeMap<>();
		for (JsonNode rep : ApiClient.list(warnings.path("balance"))) {
			List<JsonNode> weeks = ApiClient.list(rep.path("weeks"));
			assertThat(weeks).hasSize(8);
			JsonNode last = weeks.get(7);
			balance.put(rep.path("owner").asText(),
					weeks.get(0).path("week").asText() + " " + rep.path("prospecting") + "/" + rep.path("closing") + " "
							+ last.path("week").asText() + " " + last.path("prospecting") + "/" + last.path("closing"));
		}
		assertThat(balance).containsExactly(Map.entry("ann", "2026-07-20 1/0 2026-09-07 1/0"),
				Map.entry("bob", "2026-07-20 2/1 2026-09-07 2/1"));

		JsonNode manager = ApiClient.admin(port)
			.as("mia", "mia-secret")
			.get("/api/insight/warnings?pipeline=new-business&target=2000000")
			.expect(200);
		assertThat(ApiClient.list(manager.path("stuck"))).extracting(s -> s.path("name").asText())
			.containsExactly("O1");
		// Ann's won 100 000 this year; her O1 weighs 150 000
		assertThat(manager.path("target").path("weightedPipeline").decimalValue()).isEqualByComparingTo("150000");
		assertThat(manager.path("target").path("toReach").decimalValue()).isEqualByComparingTo("1900000");

		admin().get("/api/insight/warnings?pipeline=new-business&target=-1").expectProblem(400, "target");
		admin().get("/api/insight/warnings?pipeline=nowhere").expectProblem(400, "pipeline");
	}

	private void at(int days) {
		ClockUtil.setCurrentTime(Date.from(MONDAY.plus(Duration.ofDays(days))));
	}

	private String task(String lead, String name) {
		return admin().engineTasks(open.get(lead))
			.stream()
			.filter(task -> task.path("name").asText().equals(name))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asText();
	}

	private void closeDate(String lead, String date) {
		admin().patch("/api/leads/{id}", Map.of("expectedCloseDate", date), open.get(lead)).expect(200);
	}

	private static List<String> reps(JsonNode adoption) {
		return ApiClient.list(adoption.path("reps")).stream().map(TeamInsightIntegrationTests::rep).toList();
	}

	private static String rep(JsonNode rep) {
		return (rep.path("owner").isTextual() ? rep.path("owner").asText() : "-") + " " + rep.path("tasks").asInt()
				+ " " + rep.path("onTime").asInt() + " " + rep.path("onTimeShare").asText() + " "
				+ rep.path("openLeads").asInt() + " " + rep.path("touched").asInt() + " "
				+ rep.path("touchedShare").asText();
	}

}

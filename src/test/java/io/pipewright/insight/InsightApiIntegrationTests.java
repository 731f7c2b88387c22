package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The funnel and the activity plan end to end: leads seeded through the API on the
 * shipped new-business pipeline with outcomes known by hand, read back over HTTP. Only
 * the seeding test creates leads, so the measured hit rates see exactly its history.
 */
@TestPropertySource(properties = "pipewright.insight.min-measured=5")
class InsightApiIntegrationTests extends RunningServer {

	private static final String PIPELINE = "new-business";

	/**
	 * Reads numbers exactly as written, so 0.8000 or 2E+1 where 0.8 or 20 is due fails
	 * the test.
	 */
	private static final JsonMapper EXACT = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
		.build();

	private static final List<String> STAGES = List.of("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit",
			"Stage_FollowUpVisit", "Stage_Offer", "Stage_Close");

	private static final int P = 0;

	private static final int B = 1;

	private static final int F = 2;

	private static final int U = 3;

	private static final int O = 4;

	private static final int C = 5;

	/**
	 * rep's 14 leads: 2 lost and 2 open in Prospecting, 1 won straight from it; 1 lost
	 * and 1 open in Booking; 1 lost in First visit; 1 that met the decision makers at the
	 * first visit, skipped the follow-up and was lost in Offer; 1 lost in Follow-up; 1
	 * open in Offer; 1 lost and 2 won in Close (those three in Vestland). other's one
	 * lead is open in Prospecting.
	 *
	 * <pre>
	 * stage        entered movedOn lost open  hit rate (movedOn / (movedOn + lost))
	 * Prospecting  14+1    10      2    2+1   10/12 = 0.8333
	 * Booking       9       7      1    1      7/8  = 0.875
	 * First visit   7       6      1    0      6/7  = 0.8571 (the skipper moved on too)
	 * Follow-up     5       4      1    0      4/5  = 0.8
	 * Offer         5       3      1    1      3/4  = 0.75, on 4 leads: too few, default 0.5
	 * Close         3       2      1    0      2/3,  on 3 leads: default 0.5
	 * won 3, lost 7, open 4 (+1): win rate 3/10
	 * </pre>
	 */
	@Test
	void theFunnelAndTheActivityPlanOfASeededHistory() {
		String rep = newRep();
		String other = newRep();
		for (int i = 0; i < 2; i++) {
			lose(leadIn(rep, P));
			leadIn(rep, P);
		}
		win(leadIn(rep, P));
		lose(leadIn(rep, B));
		leadIn(rep, B);
		lose(leadIn(rep, F));
		String skipper = leadIn(rep, F);
		assertThat(stageId(admin().reportFacts(skipper,
				Map.of("needConfirmed", true, "budgetConfirmed", true, "decisionMakersMet", true))))
			.isEqualTo("Stage_Offer");
		lose(skipper);
		lose(leadIn(rep, U));
		leadIn(rep, O);
		lose(leadIn(rep, C, "territory", "Vestland"));
		win(leadIn(rep, C, "territory", "Vestland"));
		win(leadIn(rep, C, "territory", "Vestland"));
		leadIn(other, P);

		JsonNode mine = exact(admin().get("/api/insight/funnel?pipeline={p}&owner={o}", PIPELINE, rep));
		assertThat(mine.path("pipeline").path("key").asText()).isEqualTo(PIPELINE);
		assertThat(mine.path("zone").asText()).isEqualTo("Europe/Oslo");
		assertThat(mine.path("filter").path("owner").asText()).isEqualTo(rep);
		assertFunnel(mine, new long[][] { { 14, 10, 2, 2 }, { 9, 7, 1, 1 }, { 7, 6, 1, 0 }, { 5, 4, 1, 0 },
				{ 5, 3, 1, 1 }, { 3, 2, 1, 0 } });
		assertThat(conversions(mine)).containsExactly("0.7143", "0.7778", "0.8571", "0.8", "0.6", "0.6667");
		assertTotals(mine, 14, 3, 7, 4, "0.3");

		JsonNode all = exact(admin().get("/api/insight/funnel?pipeline={p}", PIPELINE));
		assertThat(counts(all, P)).containsExactly(15L, 10L, 2L, 3L);
		assertTotals(all, 15, 3, 7, 5, "0.3");

		JsonNode others = exact(admin().get("/api/insight/funnel?pipeline={p}&owner={o}", PIPELINE, other));
		assertFunnel(others, new long[][] { { 1, 0, 0, 1 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 },
				{ 0, 0, 0, 0 }, { 0, 0, 0, 0 } });
		assertThat(others.path("stages").get(B).path("conversion").isNull()).isTrue();
		assertThat(others.path("winRate").isNull()).as("no closed lead, no win rate").isTrue();

		JsonNode vestland = exact(admin().get("/api/insight/funnel?pipeline={p}&territory=Vestland", PIPELINE));
		assertFunnel(vestland, new long[][] { { 3, 3, 0, 0 }, { 3, 3, 0, 0 }, { 3, 3, 0, 0 }, { 3, 3, 0, 0 },
				{ 3, 3, 0, 0 }, { 3, 2, 1, 0 } });
		assertTotals(vestland, 3, 2, 1, 0, "0.6667");

		JsonNode before = exact(
				admin().get("/api/insight/funnel?pipeline={p}&from=2020-01-01&to=2020-12-31", PIPELINE));
		assertThat(before.path("from").asText()).isEqualTo("2020-01-01");
		assertThat(before.path("to").asText()).isEqualTo("2020-12-31");
		assertTotals(before, 0, 0, 0, 0, null);

		JsonNode measured = exact(
				admin().get("/api/insight/activity-plan?pipeline={p}&target=1500000&averageDeal=75000", PIPELINE));
		assertThat(measured.path("weeks").asInt()).isEqualTo(40);
		assertThat(texts(measured, "hitRate")).containsExactly("0.8333", "0.875", "0.8571", "0.8", "0.5", "0.5");
		assertThat(texts(measured, "hitRateSource")).containsExactly("measured", "measured", "measured", "measured",
				"default", "default");
		assertThat(texts(measured, "measuredOn")).containsExactly("12", "8", "7", "5", "4", "3");
		// 20 deals in Close; 20 / 0.5 = 40 offers; 40 / 0.8 = 50; 50 / 0.8571 =
		// 58.336...;
		// / 0.875 = 66.670...; / 0.8333 = 80.007...
		assertThat(texts(measured, "perYear")).containsExactly("80.01", "66.67", "58.34", "50", "40", "20");
		assertThat(texts(measured, "perWeek")).containsExactly("2", "1.67", "1.46", "1.25", "1", "0.5");
		// every stage entry above happened this week
		assertThat(texts(measured, "thisWeek")).containsExactly("15", "9", "7", "5", "5", "3");
		assertThat(measured.path("deals").path("thisWeek").asLong()).isEqualTo(3);
		assertThat(measured.path("history").path("from").asText()).isNotBlank();
		assertThat(measured.path("history").path("to").asText()).isNotBlank();
	}

	@Test
	void theSourceDocumentsExampleComesOutExactlyThroughTheApi() {
		JsonNode plan = exact(admin().get(
				"/api/insight/activity-plan?pipeline={p}&target=1500000&averageDeal=75000&hitRate=0.5&weeks=40",
				PIPELINE));

		assertThat(plan.path("pipeline").path("key").asText()).isEqualTo(PIPELINE);
		assertThat(texts(plan, "stageId")).containsExactlyElementsOf(STAGES);
		assertThat(texts(plan, "name")).containsExactly("Prospecting", "Booking a meeting", "First visit",
				"Follow-up visit", "Offer", "Close");
		assertThat(texts(plan, "perYear")).containsExactly("640", "320", "160", "80", "40", "20");
		assertThat(texts(plan, "perWeek")).containsExactly("16", "8", "4", "2", "1", "0.5");
		assertThat(texts(plan, "perMonth")).containsExactly("53.33", "26.67", "13.33", "6.67", "3.33", "1.67");
		assertThat(texts(plan, "hitRate")).containsOnly("0.5");
		assertThat(texts(plan, "hitRateSource")).containsOnly("entered");
		assertThat(plan.path("stages").get(0).path("measuredOn").isNull()).isTrue();
		assertThat(plan.path("deals").path("perYear").toString()).isEqualTo("20");
		assertThat(plan.path("deals").path("perWeek").toString()).isEqualTo("0.5");
		assertThat(plan.path("history").isNull()).as("nothing measured").isTrue();
		assertThat(plan.path("week").path("from").asText()).isNotBlank();
		assertThat(plan.path("method").asText()).contains("target / average deal = 20", "(Close)", "per year / 12",
				"per year / 40 working weeks");
	}

	@Test
	void aRatePerStepLeavesTheLastStageToHistory() {
		JsonNode plan = exact(admin().get(
				"/api/insight/activity-plan?pipeline={p}&target=1000000&averageDeal=50000&hitRate=0.1,0.5,0.5,0.5,0.25",
				PIPELINE));

		assertThat(texts(plan, "hitRate")).containsExactly("0.1", "0.5", "0.5", "0.5", "0.25", "0.5");
		assertThat(texts(plan, "hitRateSource")).containsExactly("entered", "entered", "entered", "entered", "entered",
				"default");
		// 20 deals; / 0.25 = 80 offers; 160, 320, 640; / 0.1 = 6400
		assertThat(texts(plan, "perYear")).containsExactly("6400", "640", "320", "160", "80", "20");
	}

	@Test
	void badInputIsAProblemNamingTheField() {
		String plan = "/api/insight/activity-plan?pipeline=new-business&target=1500000&averageDeal=75000";
		admin().get(plan + "&hitRate=0").expectProblem(400, "hitRate");
		admin().get(plan + "&hitRate=1.5").expectProblem(400, "hitRate");
		admin().get(plan + "&hitRate=-0.5").expectProblem(400, "hitRate");
		admin().get(plan + "&hitRate=half").expectProblem(400, "hitRate");
		admin().get(plan + "&hitRate=0.5,0.5,0.5").expectProblem(400, "hitRate");
		admin().get(plan + "&hitRate=1").expect(200);
		admin().get(plan + "&weeks=0").expectProblem(400, "weeks");
		admin().get(plan + "&weeks=54").expectProblem(400, "weeks");
		admin().get(plan + "&weeks=many").expectProblem(400, "weeks");
		admin().get(plan + "&weeks=53").expect(200);
		admin().get("/api/insight/activity-plan?pipeline=new-business&target=-1&averageDeal=75000")
			.expectProblem(400, "target");
		admin().get("/api/insight/activity-plan?pipeline=new-business&target=0&averageDeal=75000")
			.expectProblem(400, "target");
		admin().get("/api/insight/activity-plan?pipeline=new-business&averageDeal=75000").expectProblem(400, "target");
		admin().get("/api/insight/activity-plan?pipeline=new-business&target=1500000&averageDeal=0")
			.expectProblem(400, "averageDeal");
		admin().get("/api/insight/activity-plan?pipeline=new-business&target=1500000&averageDeal=-75000")
			.expectProblem(400, "averageDeal");
		JsonNode both = admin().get("/api/insight/activity-plan?pipeline=new-business&target=-1&averageDeal=-1")
			.expectProblem(400, "target");
		assertThat(ApiClient.list(both.path("errors"))).extracting(e -> e.path("field").asText())
			.containsExactly("target", "averageDeal");
		admin().get("/api/insight/activity-plan?target=1500000&averageDeal=75000").expectProblem(400, "pipeline");
		JsonNode unknown = admin().get("/api/insight/activity-plan?pipeline=no-such&target=1500000&averageDeal=75000")
			.expectProblem(404, null);
		assertThat(unknown.path("type").asText()).endsWith("/unknown-pipeline");
		assertThat(unknown.path("detail").asText()).contains("no-such");

		admin().get("/api/insight/funnel").expectProblem(400, "pipeline");
		admin().get("/api/insight/funnel?pipeline=no-such").expectProblem(404, null);
		admin().get("/api/insight/funnel?pipeline=new-business&from=2026-02-01&to=2026-01-31")
			.expectProblem(400, "from");
		admin().get("/api/insight/funnel?pipeline=new-business&from=2026-13-01").expectProblem(400, "from");
		admin().get("/api/insight/funnel?pipeline=new-business&to=yesterday").expectProblem(400, "to");
		JsonNode far = admin().get("/api/insight/funnel?pipeline=new-business&to={to}", "+999999999-12-31")
			.expectProblem(400, "to");
		assertThat(far.path("detail").asText()).contains("9999-12-30");
		admin().get("/api/insight/funnel?pipeline=new-business&from=1066-10-14").expectProblem(400, "from");
		admin().get("/api/insight/funnel?pipeline=new-business&owner=nobody-at-all").expectProblem(400, "owner");
		exact(admin().get("/api/insight/funnel?pipeline=new-business&owner=admin"));
		exact(admin().get("/api/insight/funnel?pipeline=new-business&from=2026-01-31&to=2026-01-31"));
	}

	@Test
	void bothCallsNeedALogin() {
		assertThat(anonymous().get("/api/insight/funnel?pipeline=new-business").status()).isEqualTo(401);
		assertThat(anonymous()
			.get("/api/insight/activity-plan?pipeline=new-business&target=1500000&averageDeal=75000&hitRate=0.5")
			.status()).isEqualTo(401);
	}

	// ---- seeding ----

	/** A new lead of {@code owner}'s, moved by its goals' facts into the stage. */
	private String leadIn(String owner, int stage, Object... fields) {
		Map<String, Object> lead = new LinkedHashMap<>(
				lead(unique("Insight AS "), "owner", owner, "pipeline", PIPELINE, "value", 50000, "currency", "NOK"));
		for (int i = 0; i < fields.length; i += 2) {
			lead.put((String) fields[i], fields[i + 1]);
		}
		String id = admin().createLead(lead).path("id").asText();
		List<Map<String, Object>> steps = List.of(Map.of("interestConfirmed", true), Map.of("meetingAgreed", true),
				Map.of("needConfirmed", true, "budgetConfirmed", true), Map.of("decisionMakersMet", true),
				Map.of("offerAccepted", true));
		for (int i = 0; i < stage; i++) {
			assertThat(stageId(admin().reportFacts(id, steps.get(i)))).isEqualTo(STAGES.get(i + 1));
		}
		return id;
	}

	private void win(String id) {
		admin().post("/api/leads/{id}/won", Map.of("value", 50000), id).expect(200);
	}

	private void lose(String id) {
		admin().post("/api/leads/{id}/lost", Map.of("reason", "chose a competitor"), id).expect(200);
	}

	// ---- reading the answers ----

	private static JsonNode exact(ApiClient.Response response) {
		response.expect(200);
		try {
			return EXACT.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void assertFunnel(JsonNode funnel, long[][] expected) {
		assertThat(texts(funnel, "stageId")).containsExactlyElementsOf(STAGES);
		for (int i = 0; i < expected.length; i++) {
			assertThat(counts(funnel, i)).as("%s: entered, movedOn, lost, open", STAGES.get(i))
				.containsExactly(expected[i][0], expected[i][1], expected[i][2], expected[i][3]);
		}
	}

	private static List<Long> counts(JsonNode funnel, int stage) {
		JsonNode row = funnel.path("stages").get(stage);
		return List.of(row.path("entered").asLong(), row.path("movedOn").asLong(), row.path("lost").asLong(),
				row.path("open").asLong());
	}

	private static void assertTotals(JsonNode funnel, long leads, long won, long lost, long open, String winRate) {
		assertThat(List.of(funnel.path("leads").asLong(), funnel.path("won").asLong(), funnel.path("lost").asLong(),
				funnel.path("open").asLong()))
			.as("leads, won, lost, open")
			.containsExactly(leads, won, lost, open);
		if (winRate == null) {
			assertThat(funnel.path("winRate").isNull()).isTrue();
		}
		else {
			assertThat(funnel.path("winRate").toString()).isEqualTo(winRate);
		}
	}

	private static List<String> conversions(JsonNode funnel) {
		return texts(funnel, "conversion");
	}

	/** A field of every stage, as written in the JSON (so 0.5, never 0.50 or 5E-1). */
	private static List<String> texts(JsonNode answer, String field) {
		return ApiClient.list(answer.path("stages"))
			.stream()
			.map(stage -> stage.path(field))
			.map(node -> node.isTextual() ? node.asText() : node.toString())
			.toList();
	}

}

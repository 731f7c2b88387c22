package io.pipewright.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.RunningServer;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

/**
 * The board through HTTP as each role sees it, checked against {@code GET /api/leads}:
 * counts and sums per column, filters, a rep's own cards, marketing without values, the
 * weighted value from closed leads and the slipped close-date badge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "pipewright.insight.min-measured=2")
class BoardPageIntegrationTests extends RunningServer {

	private static final Pattern COLUMN = Pattern
		.compile("<section class=\"pw-column\" id=\"column-([^\"]+)\"(.*?)</section>", Pattern.DOTALL);

	private static final Pattern COUNT = Pattern.compile("class=\"pw-count\">(\\d+)<");

	private static final Pattern TOTAL = Pattern.compile("class=\"pw-total\">(.*?)</dd>", Pattern.DOTALL);

	private static final Pattern CARD = Pattern.compile("data-lead=\"([^\"]+)\"");

	private final NumberFormat english = NumberFormat.getIntegerInstance(Locale.ENGLISH);

	String repA;

	String repB;

	String marketer;

	String slipping;

	String renewal;

	@BeforeAll
	void seed() {
		ApiClient admin = admin();
		repA = newRep();
		repB = newRep();
		marketer = unique("marketer");
		admin.ensureUserIn(marketer, marketer + "-secret", "marketing");
		String[] territories = { "Oslo", "Bergen", "Oslo" };
		for (int i = 0; i < 6; i++) {
			String owner = i % 2 == 0 ? repA : repB;
			JsonNode lead = admin.createLead(lead("Person " + i, "company", "Firma " + i + " AS", "value",
					100_000 + i * 1_000, "owner", owner, "pipeline", "new-business", "territory", territories[i % 3],
					"productLine", i < 3 ? "Platform" : "Services", "source", "web"));
			if (i >= 4) {
				admin.reportFacts(lead.path("id").asText(), Map.of("interestConfirmed", true));
			}
			if (i == 0) {
				slipping = lead.path("id").asText();
			}
		}
		// two closed leads that left Prospecting: one won, one lost, so its measured
		// win share is 50 %
		String won = admin.createLead(lead("Won One", "value", 10, "owner", repA, "pipeline", "new-business"))
			.path("id")
			.asText();
		admin.post("/api/leads/{id}/won", Map.of(), won).expect(200);
		String lost = admin.createLead(lead("Lost One", "value", 10, "owner", repA, "pipeline", "new-business"))
			.path("id")
			.asText();
		admin.post("/api/leads/{id}/lost", Map.of("reason", "no budget"), lost).expect(200);
		// renewals: three closed leads, all won, and one open
		for (int i = 0; i < 3; i++) {
			String closed = admin
				.createLead(lead("Renewed " + i, "value", 10, "owner", "admin", "pipeline", "renewals"))
				.path("id")
				.asText();
			admin.post("/api/leads/{id}/won", Map.of(), closed).expect(200);
		}
		renewal = admin
			.createLead(lead("Renewal", "company", "Fornyelse AS", "value", 5_000, "owner", "admin", "pipeline",
					"renewals"))
			.path("id")
			.asText();
		// the close date set, then moved later twice
		admin.patch("/api/leads/{id}", Map.of("expectedCloseDate", "2030-01-10"), slipping).expect(200);
		admin.patch("/api/leads/{id}", Map.of("expectedCloseDate", "2030-02-10"), slipping).expect(200);
		admin.patch("/api/leads/{id}", Map.of("expectedCloseDate", "2030-03-10"), slipping).expect(200);
	}

	@Test
	void countsAndSumsMatchTheApi() {
		String page = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=new-business");
		Map<String, String> columns = columns(page);
		assertThat(columns.keySet()).containsExactly("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit",
				"Stage_FollowUpVisit", "Stage_Offer", "Stage_Close");
		Map<String, List<JsonNode>> byStage = openByStage(admin(), "");
		assertThat(byStage.get("Stage_Prospecting")).hasSize(4);
		for (Map.Entry<String, String> column : columns.entrySet()) {
			List<JsonNode> leads = byStage.getOrDefault(column.getKey(), List.of());
			assertThat(count(column.getValue())).as(column.getKey()).isEqualTo(leads.size());
			if (!leads.isEmpty()) {
				BigDecimal sum = leads.stream()
					.map(l -> l.path("value").decimalValue())
					.reduce(BigDecimal.ZERO, BigDecimal::add);
				assertThat(total(column.getValue())).as(column.getKey()).isEqualTo(english.format(sum) + " NOK");
				assertThat(cards(column.getValue()))
					.containsExactlyInAnyOrderElementsOf(leads.stream().map(l -> l.path("id").asText()).toList());
			}
		}
		// 50 % of the two closed leads that left Prospecting were won
		String prospecting = columns.get("Stage_Prospecting");
		BigDecimal open = byStage.get("Stage_Prospecting")
			.stream()
			.map(l -> l.path("value").decimalValue())
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(prospecting).contains("Weighted (50 % won)")
			.contains(english.format(open.multiply(new BigDecimal("0.5"))) + " NOK");
		assertThat(columns.get("Stage_BookMeeting")).contains("not known yet");
		// the slipping lead's card carries its badge, and no other card does
		assertThat(page).containsOnlyOnce("Close date slipped 2 times");
		Matcher card = Pattern.compile("data-lead=\"" + slipping + "\".*?</a>", Pattern.DOTALL).matcher(page);
		assertThat(card.find()).isTrue();
		assertThat(card.group()).contains("Close date slipped 2 times").contains("Firma 0 AS");
	}

	@Test
	void eachCardShowsItsLeadsWinProbabilityWithWhatItRestsOn() {
		String page = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=new-business");
		List<String> shown = allCards(page);
		assertThat(shown).hasSize(6);
		for (String id : shown) {
			JsonNode p = admin().lead(id).path("winProbability");
			// fewer than 10 closed leads alike at every level: the pipeline's 1 won of 2,
			// (1 + 5 x 0.5) / (2 + 5)
			assertThat(p.path("value").decimalValue()).isEqualByComparingTo("0.50");
			assertThat(probability(card(page, id))).isEqualTo("50 %|" + p.path("basis").asText());
		}
		// all 3 closed renewals were won: (3 + 5 x 0.5) / (3 + 5) = 0.6875
		String renewals = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=renewals");
		assertThat(probability(card(renewals, renewal))).isEqualTo(
				"69 %|Too few closed leads are like this one yet; of all 3 closed leads of the pipeline, 3 were won.");
		assertThat(card(renewals, renewal)).contains("Win probability");
	}

	private static String card(String page, String id) {
		Matcher card = Pattern.compile("data-lead=\"" + id + "\".*?</a>", Pattern.DOTALL).matcher(page);
		assertThat(card.find()).as("card %s", id).isTrue();
		return card.group();
	}

	/** The card's percentage and its title, as "50 %|basis". */
	private static String probability(String card) {
		Matcher m = Pattern
			.compile("class=\"pw-card-probability\" title=\"([^\"]*)\">.*?<span>([^<]*)</span></span>", Pattern.DOTALL)
			.matcher(card);
		assertThat(m.find()).as(card).isTrue();
		return m.group(2) + "|" + m.group(1);
	}

	@Test
	void filtersNarrowTheBoard() {
		String byOwner = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=new-business&owner=" + repB);
		assertThat(allCards(byOwner)).containsExactlyInAnyOrderElementsOf(ids(openByStage(admin(), "&owner=" + repB)));
		assertThat(allCards(byOwner)).hasSize(3);

		String oslo = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD,
				"/?pipeline=new-business&territory=Oslo&productLine=Platform");
		assertThat(allCards(oslo)).hasSize(2);
		assertThat(count(columns(oslo).get("Stage_Prospecting"))).isEqualTo(2);

		String search = board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=new-business&q=firma%205");
		assertThat(allCards(search)).hasSize(1);
		assertThat(search).contains("Firma 5 AS");
		assertThat(board(ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "/?pipeline=new-business&q=PERSON%201"))
			.contains("Firma 1 AS")
			.doesNotContain("Firma 2 AS");
		// the selects offer what the data holds
		assertThat(byOwner).contains("<option value=\"Bergen\"").contains("<option value=\"Services\"");
	}

	@Test
	void aRepSeesOnlyTheirOwnCards() {
		String page = board(repA, repA + "-secret", "/");
		List<String> shown = allCards(page);
		ApiClient asRep = admin().as(repA, repA + "-secret");
		assertThat(shown).containsExactlyInAnyOrderElementsOf(ids(openByStage(asRep, "")));
		assertThat(shown).hasSize(3);
		assertThat(page).doesNotContain("Firma 1 AS").doesNotContain(repB);
		// asking for another rep's leads shows nothing of them
		assertThat(allCards(board(repA, repA + "-secret", "/?owner=" + repB))).isEmpty();
	}

	@Test
	void marketingSeesCardsWithoutValues() {
		String page = board(marketer, marketer + "-secret", "/?pipeline=new-business");
		assertThat(allCards(page)).hasSize(6);
		assertThat(page).contains("Firma 3 AS")
			.doesNotContain("NOK")
			.doesNotContain("pw-total")
			.doesNotContain("Weighted")
			.doesNotContain("pw-card-probability")
			.contains("href=\"/lists\"");
	}

	@Test
	void theBoardAsksForALogin() {
		ApiClient.Response page = anonymous().browse("/");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.headers().getFirst(HttpHeaders.LOCATION)).endsWith("/login");
		// a rep's header has no link to the list page, which is not theirs
		assertThat(board(repA, repA + "-secret", "/")).doesNotContain("href=\"/lists\"")
			.contains("/camunda/app/tasklist/");
	}

	private String board(String user, String password, String path) {
		HttpResponse<String> response = PageSession.login(port, user, password, "en").get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static Map<String, String> columns(String page) {
		Map<String, String> columns = new java.util.LinkedHashMap<>();
		Matcher m = COLUMN.matcher(page);
		while (m.find()) {
			columns.put(m.group(1), m.group(2));
		}
		return columns;
	}

	private static int count(String column) {
		Matcher m = COUNT.matcher(column);
		assertThat(m.find()).as(column).isTrue();
		return Integer.parseInt(m.group(1));
	}

	private static String total(String column) {
		Matcher m = TOTAL.matcher(column);
		assertThat(m.find()).as(column).isTrue();
		return m.group(1).replaceAll("<[^>]+>", "").strip();
	}

	private static List<String> cards(String html) {
		List<String> ids = new ArrayList<>();
		Matcher m = CARD.matcher(html);
		while (m.find()) {
			ids.add(m.group(1));
		}
		return ids;
	}

	private static List<String> allCards(String page) {
		return cards(page);
	}

	private static Map<String, List<JsonNode>> openByStage(ApiClient client, String query) {
		JsonNode page = client.get("/api/leads?status=open&pipeline=new-business&size=200" + query).expect(200);
		Map<String, List<JsonNode>> byStage = new TreeMap<>();
		for (JsonNode lead : ApiClient.list(page.path("content"))) {
			byStage.computeIfAbsent(lead.path("stage").path("id").asText(), s -> new ArrayList<>()).add(lead);
		}
		return byStage;
	}

	private static List<String> ids(Map<String, List<JsonNode>> byStage) {
		return byStage.values().stream().flatMap(List::stream).map(l -> l.path("id").asText()).toList();
	}

}

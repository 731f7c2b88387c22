package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.InBrowser;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The manager's dashboard in a real Chromium: after logging in, the funnel and the
 * forecast are drawn, each bar as wide as its figures say; adoption, coaching, the
 * warning signs and the win probability's calibration show what the API counts; a manager
 * sees their team's reps only; a rep may not open it.
 */
class InsightDashboardBrowserTests extends InBrowser {

	@Test
	void theFunnelAndTheForecastAreDrawn() throws IOException {
		ApiClient admin = admin();
		String closeDate = LocalDate.now().plusMonths(1).withDayOfMonth(15).toString();
		for (int i = 0; i < 4; i++) {
			String id = admin
				.createLead(lead("Lead " + i, "company", "Firma " + i, "owner", "admin", "value", 100000 * (i + 1),
						"currency", "NOK", "expectedCloseDate", closeDate))
				.path("id")
				.asText();
			if (i < 2) {
				admin.reportFacts(id, java.util.Map.of("interestConfirmed", true));
			}
			if (i == 0) {
				admin.post("/api/leads/{id}/won", "{}", id).expect(200);
			}
			if (i == 3) {
				admin.post("/api/leads/{id}/lost", "{\"reason\": \"Price\"}", id).expect(200);
			}
		}

		WebDriverWait wait = logIn("/insight?pipeline=new-business", ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB",
				"1280,1200");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#funnel-chart svg rect")));
		List<WebElement> stages = browser.findElements(By.cssSelector("#funnel-chart li"));
		assertThat(stages).isNotEmpty();
		assertThat(stages.get(0).getText()).contains("Prospecting", "4 → 2 (50 %)");
		// drawn: the first stage's bar has a visible width, in proportion to its leads
		WebElement moved = browser.findElement(By.cssSelector("#funnel-chart li:first-child rect.pw-seg-moved"));
		WebElement open = browser.findElement(By.cssSelector("#funnel-chart li:first-child rect.pw-seg-open"));
		assertThat(moved.getRect().getWidth()).isPositive();
		assertThat(Math.abs(moved.getRect().getWidth() - 2 * open.getRect().getWidth())).as("2 moved on, 1 still there")
			.isLessThanOrEqualTo(2);

		List<WebElement> months = browser.findElements(By.cssSelector("#forecast-chart li"));
		assertThat(months).hasSize(1);
		assertThat(months.get(0).getText()).contains(closeDate.substring(0, 7), "NOK");
		assertThat(browser.findElement(By.cssSelector("#forecast-chart rect.pw-seg-due")).getRect().getWidth())
			.isPositive();
		assertThat(browser.findElement(By.id("win-rate")).getText()).isEqualTo("50 %");
		screenshot("insight-page.png", null);

		// a rep has no dashboard
		String rep = newRep();
		assertThat(PageSession.login(port, rep, rep + "-secret", "en-GB").get("/insight").statusCode()).isEqualTo(403);
	}

	/**
	 * Renewals: 40 closed leads, one a day from 45 days ago, Ingrid's and Lars's by
	 * turns, and three open ones looked at four days after they were created, on the
	 * engine's clock (this JVM's: the server runs in it).
	 */
	@Test
	void adoptionCoachingWarningsAndCalibrationAreDrawnAsTheApiCountsThem() throws IOException {
		ApiClient admin = admin();
		admin.ensureUser("ingrid", "ingrid-secret");
		admin.ensureUser("lars", "lars-secret");
		admin.ensureUserIn("mia", "mia-secret", "managers");
		admin.ensureTeam("north", "mia", "ingrid");
		Instant now = Instant.now();
		Random random = new Random(7);
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < 40; i++) {
			boolean ingrid = i % 2 == 0;
			Instant at = now.minus(Duration.ofDays(45 - i));
			List<Map<String, Object>> stages = new ArrayList<>();
			stages.add(Map.of("id", "Stage_AccountReview", "enteredAt", at.toString()));
			boolean offer = random.nextDouble() < 0.8;
			boolean signature = offer && random.nextDouble() < (ingrid ? 0.4 : 0.85);
			boolean won = signature && random.nextDouble() < 0.85;
			if (offer) {
				at = at.plus(Duration.ofHours(20 + i % 5));
				stages.add(Map.of("id", "Stage_RenewalOffer", "enteredAt", at.toString()));
			}
			if (signature) {
				at = at.plus(Duration.ofHours(30 + i % 7));
				stages.add(Map.of("id", "Stage_Signature", "enteredAt", at.toString()));
			}
			history
				.append(ApiClient.write(Map.of("externalId", "renewal-" + i, "name", "Renewal " + i, "owner",
						ingrid ? "ingrid" : "lars", "pipeline", "renewals", "value", 10_000 * (1 + i % 5), "currency",
						"NOK", "createdAt", stages.get(0).get("enteredAt"), "closedAt",
						at.plus(Duration.ofHours(12)).toString(), "outcome", won ? "won" : "lost", "stages", stages)))
				.append('\n');
		}
		assertThat(admin.postText("/api/import/leads", "application/x-ndjson", history.toString())
			.expect(200)
			.path("created")
			.asInt()).isEqualTo(40);
		String closeDate = LocalDate.now().plusMonths(1).withDayOfMonth(10).toString();
		String fjordkraft = admin
			.createLead(lead("Fjordkraft", "company", "Fjordkraft", "owner", "ingrid", "pipeline", "renewals", "value",
					400_000, "currency", "NOK", "expectedCloseDate", closeDate))
			.path("id")
			.asText();
		String hafslund = admin
			.createLead(lead("Hafslund", "company", "Hafslund", "owner", "lars", "pipeline", "renewals", "value",
					250_000, "currency", "NOK"))
			.path("id")
			.asText();
		admin.createLead(lead("Tibber", "company", "Tibber", "owner", "lars", "pipeline", "renewals", "value", 120_000,
				"currency", "NOK", "expectedCloseDate", closeDate));
		// Ingrid reviews her account at once; Hafslund's close date moves later twice
		admin.completeTask(tasks(admin.lead(fjordkraft)).stream()
			.filter(task -> task.path("name").asText().startsWith("Review the account"))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asText());
		for (String date : List.of("2027-01-10", "2027-02-10", "2027-03-10")) {
			admin.patch("/api/leads/{id}", Map.of("expectedCloseDate", date), hafslund).expect(200);
		}

		ClockUtil.setCurrentTime(Date.from(now.plus(Duration.ofDays(4))));
		try {
			String query = "?pipeline=renewals&target=2000000";
			WebDriverWait wait = logIn("/insight" + query, ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB",
					"1280,3600");
			wait.until(ExpectedConditions.presenceOfElementLocated(By.id("calibration-chart")));
			NumberFormat number = NumberFormat.getIntegerInstance(Locale.UK);

			JsonNode adoption = admin.get("/api/insight/adoption" + query).expect(200);
			List<JsonNode> adoptionReps = ApiClient.list(adoption.path("reps"));
			assertThat(adoptionReps).extracting(rep -> rep.path("owner").asText()).contains("ingrid", "lars");
			for (JsonNode rep : adoptionReps) {
				WebElement row = row("#adoption-table", rep.path("owner").asText());
				assertThat(row.findElement(By.cssSelector(".pw-tasks")).getText()).isEqualTo(rep.path("onTime").asLong()
						+ " of " + rep.path("tasks").asLong() + " (" + percent(rep.path("onTimeShare")) + ")");
				assertThat(row.findElement(By.cssSelector(".pw-touched")).getText())
					.isEqualTo(rep.path("touched").asLong() + " of " + rep.path("openLeads").asLong() + " ("
							+ percent(rep.path("touchedShare")) + ")");
				assertThat(Double.parseDouble(row.findElement(By.cssSelector(".pw-tasks rect")).getAttribute("width")))
					.isCloseTo(100 * rep.path("onTimeShare").asDouble(), within(0.01));
			}
			assertThat(row("#adoption-table", "ingrid").getText()).as("her review was done on time")
				.contains("1 of 1 (100 %)");

			JsonNode coaching = admin.get("/api/insight/coaching?pipeline=renewals").expect(200);
			List<JsonNode> coachingReps = ApiClient.list(coaching.path("reps"));
			assertThat(coachingReps).hasSize(2);
			assertThat(coachingReps).anyMatch(rep -> rep.path("weakest").isObject());
			for (JsonNode rep : coachingReps) {
				WebElement row = row("#coaching-table", rep.path("owner").asText());
				JsonNode weakest = rep.path("weakest");
				if (weakest.isObject()) {
					assertThat(row.findElement(By.cssSelector(".pw-weakest")).getText())
						.isEqualTo(weakest.path("stageName").asText());
					long points = weakest.path("gap")
						.decimalValue()
						.movePointRight(2)
						.setScale(0, RoundingMode.HALF_UP)
						.longValueExact();
					assertThat(row.findElement(By.cssSelector(".pw-gap")).getText())
						.isEqualTo((points < 0 ? "−" + -points : String.valueOf(points)) + " points");
					assertThat(row.getText()).contains(percent(weakest.path("conversion")) + " against the team's "
							+ percent(weakest.path("teamConversion")));
				}
				else {
					assertThat(row.findElement(By.cssSelector(".pw-weakest")).getText())
						.isEqualTo("none below the team");
				}
			}

			JsonNode warnings = admin.get("/api/insight/warnings" + query).expect(200);
			assertThat(ApiClient.list(warnings.path("stuck"))).as("all three open leads are past the usual day")
				.hasSize(3);
			assertThat(leads("#stuck-leads li"))
				.containsExactlyInAnyOrderElementsOf(ids(ApiClient.list(warnings.path("stuck"))));
			assertThat(leads("#slipped-leads li")).containsExactly(hafslund)
				.containsExactlyElementsOf(ids(ApiClient.list(warnings.path("slipped"))));
			assertThat(browser.findElement(By.cssSelector("#slipped-leads a")).getAttribute("href"))
				.endsWith("/leads/" + hafslund);
			JsonNode target = warnings.path("target");
			assertThat(browser.findElement(By.id("target-to-reach")).getText())
				.isEqualTo(number.format(target.path("toReach").decimalValue()) + " NOK");
			assertThat(browser.findElement(By.id("target-weighted")).getText())
				.isEqualTo(number.format(target.path("weightedPipeline").decimalValue()) + " NOK");
			assertThat(target.path("thin").asBoolean()).isTrue();
			assertThat(browser.findElement(By.id("target-verdict")).getText()).startsWith("Too thin")
				.contains(number.format(target.path("shortfall").decimalValue()) + " NOK");
			for (JsonNode rep : ApiClient.list(warnings.path("balance"))) {
				WebElement row = row("#balance-chart", rep.path("owner").asText());
				assertThat(row.getText()).contains(rep.path("prospecting").asLong() + " prospecting, "
						+ rep.path("closing").asLong() + " closing");
				assertThat(row.findElements(By.cssSelector("rect.pw-seg-prospecting"))).hasSize(8);
			}

			JsonNode calibration = admin.get("/api/insight/probability?pipeline=renewals").expect(200);
			assertThat(calibration.path("heldOut").asLong()).isEqualTo(8);
			assertThat(browser.findElement(By.id("brier-model")).getText())
				.isEqualTo(calibration.path("model").path("brier").decimalValue().toPlainString());
			assertThat(browser.findElement(By.id("brier-fixed")).getText())
				.isEqualTo(calibration.path("fixed").path("brier").decimalValue().toPlainString());
			List<JsonNode> modelBins = filled(calibration.path("model"));
			List<JsonNode> fixedBins = filled(calibration.path("fixed"));
			List<WebElement> dots = browser.findElements(By.cssSelector("#calibration-chart circle.pw-dot-model"));
			assertThat(dots).hasSameSizeAs(modelBins).isNotEmpty();
			for (int i = 0; i < dots.size(); i++) {
				assertThat(Double.parseDouble(dots.get(i).getAttribute("cx")))
					.isCloseTo(100 * modelBins.get(i).path("predicted").asDouble(), within(0.01));
				assertThat(Double.parseDouble(dots.get(i).getAttribute("cy")))
					.isCloseTo(100 - 100 * modelBins.get(i).path("observed").asDouble(), within(0.01));
			}
			assertThat(browser.findElements(By.cssSelector("#calibration-chart rect.pw-dot-fixed")))
				.hasSameSizeAs(fixedBins);
			assertThat(browser.findElement(By.cssSelector("#calibration-chart polyline.pw-line-model"))
				.getRect()
				.getWidth()).as("the model's line is drawn").isPositive();
			for (JsonNode bin : modelBins) {
				assertThat(browser.findElement(By.id("calibration-table")).getText())
					.contains(percent(bin.path("predicted")) + " → " + percent(bin.path("observed")) + " ("
							+ bin.path("count").asLong() + ")");
			}
			// the time in each stage and from the ask to the decision, as the outcomes
			// count
			JsonNode outcomes = admin.get("/api/insight/outcomes?pipeline=renewals").expect(200);
			List<JsonNode> times = ApiClient.list(outcomes.path("stages"))
				.stream()
				.filter(stage -> stage.path("days").path("leads").asLong() > 0)
				.toList();
			assertThat(times).as("%s", outcomes).hasSizeGreaterThanOrEqualTo(2);
			assertThat(browser.findElements(By.cssSelector("#stage-times-chart li"))).hasSameSizeAs(times);
			for (JsonNode stage : times) {
				JsonNode days = stage.path("days");
				WebElement row = browser.findElement(
						By.cssSelector("#stage-times-chart li[data-stage='" + stage.path("stageId").asText() + "']"));
				assertThat(row.findElement(By.cssSelector(".pw-chart-value")).getText())
					.isEqualTo(days.path("median").decimalValue().toPlainString() + " ("
							+ days.path("p25").decimalValue().toPlainString() + "–"
							+ days.path("p75").decimalValue().toPlainString() + ") days");
				assertThat(row.findElement(By.cssSelector("rect.pw-seg-expected")).getRect().getWidth())
					.as("the middle half is drawn")
					.isPositive();
			}
			JsonNode ask = outcomes.path("askToDecision").path("days");
			assertThat(ask.path("leads").asLong()).as("%s", outcomes).isPositive();
			assertThat(browser.findElement(By.id("ask-to-decision")).getText())
				.isEqualTo(NumberFormat.getNumberInstance(Locale.UK).format(ask.path("median").decimalValue())
						+ " days (" + ask.path("leads").asLong() + " leads)");
			screenshot("insight-team.png", "insight.png");

			// Ingrid's manager sees her, not Lars
			PageSession mia = PageSession.login(port, "mia", "mia-secret", "en-GB");
			String page = mia.get("/insight" + query).body();
			assertThat(page).contains("data-rep=\"ingrid\"").doesNotContain("data-rep=\"lars\"");
			// a target that is no amount is said so; the rest of the page still shows
			assertThat(mia.get("/insight?pipeline=renewals&target=lots").body())
				.contains("&#39;lots&#39; is not a target")
				.contains("id=\"calibration-chart\"")
				.doesNotContain("id=\"target-chart\"");
		}
		finally {
			ClockUtil.reset();
		}
	}

	/**
	 * A snapshot taken a month before a close date that has passed since, and what that
	 * month brought: the page lists the forecast against the won value. On a pipeline of
	 * its own, deployed as the Modeler does, so the other tests' figures stay theirs.
	 */
	@Test
	void eachPastForecastIsListedAgainstWhatWasWon() throws IOException {
		ApiClient admin = admin();
		admin.deploy("Renewal", "renewal.bpmn", fixture("modeler/two-stage.bpmn")).expect(200);
		ZoneId oslo = ZoneId.of("Europe/Oslo");
		LocalDate due = LocalDate.now(oslo).minusMonths(3).withDayOfMonth(15);
		admin.createLead(lead("Late", "company", "Late AS", "owner", "admin", "pipeline", "renewal", "value", 80_000,
				"currency", "NOK", "expectedCloseDate", due.toString()));
		ClockUtil.setCurrentTime(Date.from(due.minusMonths(1).atTime(8, 0).atZone(oslo).toInstant()));
		try {
			assertThat(admin.post("/api/insight/forecast/snapshots", Map.of()).expect(200).path("taken").asInt())
				.isPositive();
		}
		finally {
			ClockUtil.reset();
		}
		admin
			.postText("/api/import/leads", "application/x-ndjson",
					ApiClient.write(Map.of("externalId", "won-then", "name", "Won then", "pipeline", "renewal", "value",
							30_000, "currency", "NOK", "closedAt",
							due.atTime(12, 0).atZone(oslo).toInstant().toString(), "outcome", "won")))
			.expect(200);

		List<JsonNode> accuracy = ApiClient
			.list(admin.get("/api/insight/forecast?pipeline=renewal").expect(200).path("accuracy"));
		assertThat(accuracy).isNotEmpty();
		WebDriverWait wait = logIn("/insight?pipeline=renewal", ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB",
				"1280,1200");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("accuracy-table")));
		List<WebElement> rows = browser.findElements(By.cssSelector("#accuracy-table tbody tr"));
		assertThat(rows).hasSameSizeAs(accuracy);
		NumberFormat number = NumberFormat.getIntegerInstance(Locale.UK);
		for (int i = 0; i < accuracy.size(); i++) {
			JsonNode expected = accuracy.get(i);
			WebElement row = rows.get(i);
			assertThat(row.getAttribute("data-week")).isEqualTo(expected.path("weekStart").asText());
			assertThat(row.getAttribute("data-month")).isEqualTo(expected.path("month").asText());
			assertThat(row.findElement(By.cssSelector(".pw-amounts")).getText())
				.isEqualTo(number.format(expected.path("forecast").decimalValue()) + " against "
						+ number.format(expected.path("won").decimalValue()) + " "
						+ expected.path("currency").asText());
			assertThat(row.findElement(By.cssSelector(".pw-ratio")).getText())
				.isEqualTo(percent(expected.path("ratio")));
		}
		WebElement june = browser.findElement(By.cssSelector(
				"#accuracy-table tr[data-month='" + due.toString().substring(0, 7) + "'][data-currency='NOK']"));
		assertThat(june.findElement(By.cssSelector(".pw-amounts")).getText()).as("won 30,000 of what was due")
			.endsWith("against 30,000 NOK");
		assertThat(june.findElement(By.cssSelector("rect.pw-seg-moved")).getRect().getWidth()).isPositive();
	}

	private WebElement row(String table, String rep) {
		return browser.findElement(By.cssSelector(table + " [data-rep='" + rep + "']"));
	}

	private List<String> leads(String items) {
		return browser.findElements(By.cssSelector(items)).stream().map(li -> li.getAttribute("data-lead")).toList();
	}

	private static List<String> ids(List<JsonNode> leads) {
		return leads.stream().map(lead -> lead.path("leadId").asText()).toList();
	}

	private static List<JsonNode> filled(JsonNode scores) {
		return ApiClient.list(scores.path("reliability"))
			.stream()
			.filter(bin -> bin.path("count").asLong() > 0)
			.toList();
	}

	/** A share as the page writes it: 0.3333 is "33 %". */
	private static String percent(JsonNode share) {
		return share.isNull() || share.isMissingNode() ? "–"
				: share.decimalValue().movePointRight(2).setScale(0, RoundingMode.HALF_UP) + " %";
	}

}

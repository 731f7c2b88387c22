package io.pipewright.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.InBrowser;

import java.io.IOException;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board in a real Chromium: a manager logs in, filters by owner and sees that rep's
 * cards; a rep sees only their own; the columns scroll inside their region on a phone.
 */
class BoardBrowserTests extends InBrowser {

	@Test
	void aManagerFiltersByOwnerAndARepSeesOnlyTheirOwnCards() throws IOException {
		ApiClient admin = admin();
		String ingrid = newRep();
		String ola = newRep();
		// a closed history, so that each card shows its lead's learned win probability
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < 24; i++) {
			boolean interested = i % 2 == 0;
			List<Map<String, Object>> stages = interested
					? List.of(Map.of("id", "Stage_Prospecting", "enteredAt", "2026-03-02T09:00:00Z"),
							Map.of("id", "Stage_BookMeeting", "enteredAt", "2026-03-04T09:00:00Z"))
					: List.of(Map.of("id", "Stage_Prospecting", "enteredAt", "2026-03-02T09:00:00Z"));
			history.append(ApiClient.write(Map.of("externalId", "past-" + i, "name", "Past " + i, "pipeline",
					"new-business", "closedAt", "2026-04-10T09:00:00Z", "outcome",
					(interested ? i % 4 != 2 : i % 6 == 1) ? "won" : "lost", "stages", stages)))
				.append('\n');
		}
		admin.postText("/api/import/leads", "application/x-ndjson", history.toString()).expect(200);
		String[][] leads = { { "Hafslund", ingrid, "250000" }, { "Equinor", ola, "900000" },
				{ "Norsk Hydro", ingrid, "400000" }, { "Telenor", ola, "120000" }, { "Kongsberg", ingrid, "75000" } };
		for (String[] lead : leads) {
			String id = admin
				.createLead(lead("Kontakt " + lead[0], "company", lead[0], "owner", lead[1], "value",
						Integer.parseInt(lead[2]), "pipeline", "new-business", "territory", "Oslo"))
				.path("id")
				.asText();
			if (lead[0].startsWith("Norsk") || lead[0].startsWith("Telenor")) {
				admin.reportFacts(id, Map.of("interestConfirmed", true));
			}
		}

		WebDriverWait wait = logIn("/", ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB", "1400,1000");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Board: New business"));
		assertThat(cardTitles()).containsExactlyInAnyOrder("Hafslund", "Equinor", "Norsk Hydro", "Telenor",
				"Kongsberg");
		for (WebElement card : browser.findElements(By.cssSelector("a.pw-card"))) {
			JsonNode chance = admin.lead(card.getAttribute("data-lead")).path("winProbability");
			WebElement shown = card.findElement(By.cssSelector(".pw-card-probability"));
			assertThat(shown.getText()).as("%s", chance)
				.endsWith(
						chance.path("value").decimalValue().movePointRight(2).setScale(0, RoundingMode.HALF_UP) + " %");
			assertThat(shown.getAttribute("title")).isEqualTo(chance.path("basis").asText());
		}
		screenshot("board-laptop.png", "board.png");

		new Select(browser.findElement(By.id("owner"))).selectByVisibleText(ingrid);
		browser.findElement(By.xpath("//button[normalize-space()='Show']")).click();
		wait.until(ExpectedConditions.urlContains("owner=" + ingrid));
		assertThat(cardTitles()).containsExactlyInAnyOrder("Hafslund", "Norsk Hydro", "Kongsberg");
		// a card is a link to the lead, reached by keyboard
		WebElement first = browser.findElement(By.cssSelector("a.pw-card"));
		assertThat(first.getAttribute("href")).contains("/leads/");

		wait = logIn("/", ola, ola + "-secret", "nb-NO", "390,844");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Tavle: New business"));
		assertThat(cardTitles()).containsExactlyInAnyOrder("Equinor", "Telenor");
		// the columns scroll inside their own region; the page itself never scrolls
		// sideways
		Object overflow = ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
		screenshot("board-phone.png", null);
	}

	private List<String> cardTitles() {
		return browser.findElements(By.cssSelector(".pw-card .pw-card-title"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

}

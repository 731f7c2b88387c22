package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.InBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The manager's dashboard in a real Chromium: after logging in, the funnel and the
 * forecast are drawn, each bar as wide as its figures say; a rep may not open it.
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

		WebDriverWait wait = logIn("/insight", ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB", "1280,1200");
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
		screenshot("insight-page.png", "insight.png");

		// a rep has no dashboard
		String rep = newRep();
		assertThat(PageSession.login(port, rep, rep + "-secret", "en-GB").get("/insight").statusCode()).isEqualTo(403);
	}

}

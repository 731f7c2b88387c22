package io.pipewright.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.InBrowser;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The owner's path in a real Chromium: log in to the board, open the lead from its card,
 * see the pipeline drawn with the current stage outlined, report the goal fact and see
 * the stage move on and the timeline grow without the page reloading, find the card in
 * the next column of the board, then mark the lead won and see it leave the board.
 */
class LeadPageBrowserTests extends InBrowser {

	@Test
	void theOwnerReportsTheGoalFactAndMarksTheLeadWon() throws IOException {
		String rep = newRep();
		String id = admin()
			.createLead(lead("Kari Nordmann", "company", "Fjord Fisk AS", "owner", rep, "value", 120000, "currency",
					"NOK", "territory", "West", "productLine", "Cloud", "source", "web form"))
			.path("id")
			.asText();
		WebDriverWait wait = logIn("/", rep, rep + "-secret", "en-GB", "1280,1500");

		// the board first: the lead's card waits in Prospecting; it opens the lead
		By card = By.cssSelector("a.pw-card[data-lead='" + id + "']");
		wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("#column-Stage_Prospecting " + "a.pw-card[data-lead='" + id + "']")))
			.click();

		// the diagram is drawn by bpmn-js, with the current stage outlined
		wait.until(ExpectedConditions.attributeToBe(By.id("lead-diagram"), "data-rendered", "true"));
		assertThat(browser.findElement(By.id("lead-diagram")).getAttribute("data-marked"))
			.isEqualTo("Stage_Prospecting");
		assertThat(
				browser.findElements(By.cssSelector("#lead-diagram .pw-current[data-element-id='Stage_Prospecting']")))
			.hasSize(1);
		int before = browser.findElements(By.cssSelector("#lead-timeline li")).size();
		JavascriptExecutor js = (JavascriptExecutor) browser;
		js.executeScript("window.samePage = true;");

		browser.findElement(By.id("fact-interestConfirmed")).click();
		browser.findElement(By.xpath("//button[normalize-space()='Report']")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lead-stage"), "Booking a meeting"));
		assertThat(browser.findElements(By.cssSelector("#lead-timeline li")).size()).isGreaterThan(before);
		assertThat(browser.findElement(By.id("lead-timeline")).getText())
			.contains("Left stage Prospecting: its goal was reached", "Reported: interestConfirmed = yes");
		wait.until(ExpectedConditions.attributeToBe(By.id("lead-diagram"), "data-marked", "Stage_BookMeeting"));
		assertThat(js.executeScript("return window.samePage === true;")).as("no full reload").isEqualTo(true);
		((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
		screenshot("lead-page.png", "lead.png");

		// on the board, the card has moved to the next column
		browser.get("http://localhost:" + port + "/");
		wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#column-Stage_BookMeeting a.pw-card[data-lead='" + id + "']")));
		assertThat(browser.findElements(By.cssSelector("#column-Stage_Prospecting a.pw-card[data-lead='" + id + "']")))
			.isEmpty();
		browser.findElement(card).click();
		wait.until(ExpectedConditions.attributeToBe(By.id("lead-diagram"), "data-rendered", "true"));
		js.executeScript("window.samePage = true;");

		browser.findElement(By.id("value")).clear();
		browser.findElement(By.id("value")).sendKeys("135000");
		browser.findElement(By.xpath("//button[normalize-space()='Mark won']")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#lead-live [role='status']"),
				"The lead is marked won."));
		assertThat(browser.findElement(By.id("lead-timeline")).getText()).contains("Won, value 135,000");
		assertThat(js.executeScript("return window.samePage === true;")).isEqualTo(true);
		assertThat(admin().lead(id).path("status").asText()).isEqualTo("won");

		// won: off the board of open leads
		browser.get("http://localhost:" + port + "/");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("column-Stage_BookMeeting")));
		assertThat(browser.findElements(card)).isEmpty();
	}

}

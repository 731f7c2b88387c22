package io.pipewright.pipeline;

import io.pipewright.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.Browsers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A rep's day in a real browser: log in to Tasklist, find the stage task of their lead in
 * their filter, read the lead and the stage's guidance on the form, tick what the
 * customer confirmed, complete, and the lead has moved on. Once in English and once in
 * Norwegian, with the filters set up in Norwegian.
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pipewright.admin.password=browser-secret", "pipewright.tasklist.language=nb" })
class TasklistBrowserTests {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	/** What a rep reads on the screen, in the browser's language. */
	record Screen(String language, String login, String complete, String stage, String goal) {
	}

	static final Screen ENGLISH = new Screen("en-GB", "Log in", "Complete", "Stage: Prospecting",
			"Goal of this stage: Customer confirmed interest");

	static final Screen NORWEGIAN = new Screen("nb-NO", "Logg inn", "Fullfør", "Fase: Prospecting",
			"Mål for denne fasen: Customer confirmed interest");

	WebDriver browser;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.fresh().register(registry);
	}

	@BeforeAll
	static void chromiumIsThere() {
		Browsers.assertChromiumIsThere();
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aRepCompletesAStageTaskInTasklistAndTheGoalMovesTheLeadOn() {
		walkTheRepsPath("rut", ENGLISH, "Vik Sjømat AS", "245");
	}

	@Test
	void aNorwegianRepDoesTheSameInNorwegian() {
		walkTheRepsPath("ola", NORWEGIAN, "Fjellheim Bygg AS", "245 000 kr");
		assertThat(browser.getPageSource()).contains("Mine oppgaver").contains("Ledige oppgaver");
	}

	private void walkTheRepsPath(String rep, Screen screen, String company, String value) {
		RestClient admin = client("admin", "browser-secret");
		admin.post()
			.uri("/engine-rest/user/create")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("profile",
					Map.of("id", rep, "firstName", rep, "lastName", "Solberg", "email", rep + "@example.no"),
					"credentials", Map.of("password", rep + "-pass")))
			.retrieve()
			.toBodilessEntity();
		// the rep role opens Tasklist; the engine authorizes the rep for the tasks
		// assigned
		// to them
		admin.put().uri("/engine-rest/group/reps/members/{rep}", rep).retrieve().toBodilessEntity();
		String leadId = (String) admin.post()
			.uri("/api/leads")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Per Vik", "company", company, "value", 245000, "owner", rep))
			.retrieve()
			.body(JSON)
			.get("id");

		browser = browser(screen.language());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='text']"))).sendKeys(rep);
		browser.findElement(By.cssSelector("input[type='password']")).sendKeys(rep + "-pass");
		browser.findElement(By.xpath("//button[normalize-space()='" + screen.login() + "']")).click();

		wait.until(ExpectedConditions.elementToBeClickable(
				By.xpath("//*[normalize-space()='Research the company and find the decision maker']")))
			.click();
		WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pw-stage-task")));
		wait.until(ExpectedConditions.textToBePresentInElement(form, company));
		assertThat(form.getText().replace('\u00a0', ' ')).contains(screen.stage(), screen.goal(), value)
			.contains("A short list you have qualified yourself");

		browser.findElement(By.xpath("//label[normalize-space()='Interest confirmed']")).click();
		browser.findElement(By.xpath("//button[normalize-space()='" + screen.complete() + "']")).click();

		RestClient asRep = client(rep, rep + "-pass");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, Object> lead = asRep.get().uri("/api/leads/{id}", leadId).retrieve().body(JSON);
			assertThat(lead).extractingByKey("stage").extracting("id").isEqualTo("Stage_BookMeeting");
			assertThat(lead).extractingByKey("facts").extracting("interestConfirmed").isEqualTo(true);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> stages = (List<Map<String, Object>>) lead.get("stages");
			assertThat(stages).singleElement().satisfies(stage -> {
				assertThat(stage).containsEntry("leftBy", "goal");
				assertThat(stage).extractingByKey("tasks")
					.asList()
					.extracting("outcome")
					.containsExactlyInAnyOrder("done", "skipped");
			});
		});
		// what the rep ticked is the rep's report, as one through the API would be
		List<Map<String, Object>> timeline = asRep.get()
			.uri("/api/leads/{id}/timeline", leadId)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(timeline).filteredOn(entry -> "facts-reported".equals(entry.get("type")))
			.singleElement()
			.satisfies(report -> {
				assertThat(report).containsEntry("actor", rep);
				assertThat(report).containsEntry("detail", Map.of("interestConfirmed", true));
			});
	}

	private static WebDriver browser(String language) {
		return Browsers.chromium(language);
	}

	private RestClient client(String user, String password) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultHeaders(h -> h.setBasicAuth(user, password))
			.build();
	}

}

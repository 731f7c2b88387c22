package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * A rep's day in a real browser: log in to Tasklist, find the stage task of their lead in
 * "My tasks", read the lead and the stage's guidance on the form, tick what the customer
 * confirmed, complete, and the lead has moved on.
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pipewright.admin.password=browser-secret")
class TasklistBrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	static WebDriver browser;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("pipewright-browser");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("pw") + ";DB_CLOSE_ON_EXIT=FALSE");
	}

	@BeforeAll
	static void startBrowser() {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("this test drives Debian's Chromium: apt-get install chromium chromium-driver (.ci/run does)")
			.isTrue();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--window-size=1400,1000", "--lang=en-GB");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aRepCompletesAStageTaskInTasklistAndTheGoalMovesTheLeadOn() {
		RestClient admin = client("admin", "browser-secret");
		admin.post()
			.uri("/engine-rest/user/create")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("profile",
					Map.of("id", "rut", "firstName", "Rut", "lastName", "Solberg", "email", "rut@example.no"),
					"credentials", Map.of("password", "rut-pass")))
			.retrieve()
			.toBodilessEntity();
		String leadId = (String) admin.post()
			.uri("/api/leads")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Per Vik", "company", "Vik Sjømat AS", "value", 245000, "owner", "rut"))
			.retrieve()
			.body(JSON)
			.get("id");

		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[placeholder='Username']")))
			.sendKeys("rut");
		browser.findElement(By.cssSelector("input[placeholder='Password']")).sendKeys("rut-pass");
		browser.findElement(By.xpath("//button[normalize-space()='Log in']")).click();

		wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[contains(text(),'My tasks')]")));
		wait.until(ExpectedConditions.elementToBeClickable(
				By.xpath("//*[normalize-space()='Research the company and find the decision maker']")))
			.click();
		WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pw-stage-task")));
		wait.until(ExpectedConditions.textToBePresentInElement(form, "Vik Sjømat AS"));
		assertThat(form.getText()).contains("Prospecting", "Customer confirmed interest", "245")
			.contains("A short list you have qualified yourself");

		browser.findElement(By.xpath("//label[normalize-space()='Interest confirmed']")).click();
		browser.findElement(By.xpath("//button[normalize-space()='Complete']")).click();

		RestClient rut = client("rut", "rut-pass");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, Object> lead = rut.get().uri("/api/leads/{id}", leadId).retrieve().body(JSON);
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
	}

	private RestClient client(String user, String password) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultHeaders(h -> h.setBasicAuth(user, password))
			.build();
	}

}

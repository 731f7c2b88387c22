package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.Browsers;
import io.pipewright.RunningServer;
import io.pipewright.lists.mailchimp.MailChimp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Marketing's path through the list page in a real browser: log in through the form, find
 * the audience, read MailChimp's reason for a failed change, press Retry and see it
 * accepted. Once in English and once in Norwegian.
 */
class ListPageBrowserTests extends RunningServer {

	static final MailChimpFake mailChimp = new MailChimpFake();

	/** What marketing reads on the screen, in the browser's language. */
	record Screen(String language, String login, String failed, String retry, String retried, String accepted,
			String syncOn) {
	}

	static final Screen ENGLISH = new Screen("en-GB", "Log in", "Failed", "Retry", "is waiting to be sent again",
			"Accepted", "MailChimp sync is on");

	static final Screen NORWEGIAN = new Screen("nb-NO", "Logg inn", "Feilet", "Prøv igjen",
			"venter på å bli sendt igjen", "Tatt imot", "Synkronisering med MailChimp er på");

	WebDriver browser;

	@DynamicPropertySource
	static void mailChimpServer(DynamicPropertyRegistry registry) throws IOException {
		mailChimp.serve(registry);
		registry.add("pipewright.mailchimp.poll-interval", () -> "200ms");
	}

	@BeforeAll
	static void chromiumIsThere() {
		Browsers.assertChromiumIsThere();
	}

	@AfterAll
	static void stopServer() {
		mailChimp.stop();
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void marketingRetriesAFailedChangeAndSeesMailChimpAcceptIt() throws IOException {
		walkMarketingsPath("aud-page-en", ENGLISH, "Liv Fake", "liv@fake.example");
		screenshot("lists-page-en.png");
	}

	@Test
	void thePageFitsAPhone() throws IOException {
		String pipeline = Newsletters.deployOn(admin(), "aud-phone");
		Newsletters.createLead(admin(), pipeline, "Kari Nordmann-Berg", "kari.nordmann-berg@example.org");
		browser = Browsers.chromium("en-GB", "390,844");
		logIn("/lists/aud-phone", ENGLISH);
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("change-table")));

		// the tables scroll inside their own region; the page itself never scrolls
		// sideways
		Object overflow = ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
		screenshot("lists-page-phone.png");
	}

	@Test
	void aNorwegianMarketerDoesTheSameInNorwegian() throws IOException {
		walkMarketingsPath("aud-page-nb", NORWEGIAN, "Ola Fake", "ola@fake.example");
		assertThat(browser.getPageSource()).contains("Målgruppe aud-page-nb").contains("Medlemmer");
		screenshot("lists-page-nb.png");
	}

	@Test
	void thePageAsksForALoginAndARetryNeedsItsCsrfToken() {
		ApiClient.Response page = anonymous().browse("/lists");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.headers().getFirst(HttpHeaders.LOCATION)).endsWith("/login");
		assertThat(anonymous().followingRedirects().browse("/lists").body()).contains("name=\"_csrf\"");
		// Basic credentials are no way into the pages, and a POST without the form's
		// token
		// is refused
		assertThat(admin().post("/lists/changes/1/retry", "").status()).isIn(302, 403);
	}

	private void walkMarketingsPath(String listId, Screen screen, String name, String email) throws IOException {
		ApiClient admin = admin();
		String pipeline = Newsletters.deployOn(admin, listId);
		assertThat(pipeline).endsWith(listId);
		mailChimp.answer(listId, MailChimp.subscriberHash(email), MailChimpFake.problem(400, "Invalid Resource",
				email + " looks fake or invalid, please enter a real email address."));
		Newsletters.createLead(admin, pipeline, name, email);

		browser = Browsers.chromium(screen.language());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		logIn("/lists", screen);

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), screen.syncOn()));
		WebElement audience = wait.until(ExpectedConditions.elementToBeClickable(By.linkText(listId)));
		audience.click();

		// the worker may still be sending it: reload until MailChimp's answer is in
		By failedRow = By
			.xpath("//table[@id='change-table']//tr[.//button[normalize-space()='" + screen.retry() + "']]");
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
			if (driver.findElements(failedRow).isEmpty()) {
				driver.navigate().refresh();
				return false;
			}
			return true;
		});
		WebElement row = browser.findElement(failedRow);
		assertThat(row.getText()).contains(name, screen.failed(), "Invalid Resource",
				email + " looks fake or invalid, please enter a real email address.", "Nurture", "Newsletter");
		screenshot("lists-page-failed-" + screen.language() + ".png");

		row.findElement(By.tagName("button")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role='status'].pw-good"),
				screen.retried()));

		By acceptedRow = By.xpath("//table[@id='change-table']//tr[contains(., '" + name
				+ "')][.//span[@class='pw-state' and normalize-space()='" + screen.accepted() + "']]");
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
			if (driver.findElements(acceptedRow).isEmpty()) {
				driver.navigate().refresh();
				return false;
			}
			return true;
		});
		assertThat(browser.findElements(By.xpath("//table[@id='change-table']//button"))).isEmpty();
		assertThat(browser.findElement(By.id("member-table")).getText()).contains(name, email);
	}

	/** Opens the page, which asks for a login, and logs in through the form. */
	private void logIn(String path, Screen screen) {
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.get("http://localhost:" + port + path);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(ApiClient.ADMIN);
		browser.findElement(By.id("password")).sendKeys(ApiClient.ADMIN_PASSWORD);
		browser.findElement(By.xpath("//button[normalize-space()='" + screen.login() + "']")).click();
	}

	private void screenshot(String name) throws IOException {
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
	}

}

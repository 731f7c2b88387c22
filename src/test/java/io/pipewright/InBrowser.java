package io.pipewright;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A running server walked through Pipewright's pages in Debian's Chromium: a browser per
 * test, logged in through the form, closed afterwards.
 */
public abstract class InBrowser extends RunningServer {

	protected WebDriver browser;

	@BeforeAll
	static void chromiumIsThere() {
		Browsers.assertChromiumIsThere();
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	/**
	 * Opens a browser (closing one open before) at the page, which asks for a login, and
	 * logs in through the form.
	 * @param windowSize such as {@code 1280,1200}, or a phone's {@code 390,844}
	 * @return a wait for what the test expects next
	 */
	protected WebDriverWait logIn(String path, String user, String password, String language, String windowSize) {
		closeBrowser();
		browser = Browsers.chromium(language, windowSize);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		browser.get("http://localhost:" + port + path);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.cssSelector("form.pw-form button[type=submit]")).click();
		return wait;
	}

	/**
	 * Saves what the browser shows to {@code target/<name>} and, for the README, to
	 * {@code src/site/screenshots/<site>} unless site is null.
	 */
	protected void screenshot(String name, String site) throws IOException {
		Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
		if (site != null) {
			Path readme = Path.of("src", "site", "screenshots", site);
			Files.createDirectories(readme.getParent());
			Files.copy(shot, readme, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}

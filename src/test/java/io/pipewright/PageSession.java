package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session on Pipewright's pages without the browser: logged in through the
 * form, with its CSRF token and session cookie, following redirects.
 */
public final class PageSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	private final String base;

	private final String language;

	private PageSession(int port, String language) {
		this.base = "http://localhost:" + port;
		this.language = language;
	}

	/** Logs in through the form, as a browser does. */
	public static PageSession login(int port, String user, String password, String language) {
		PageSession session = new PageSession(port, language);
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		session.post("/login", form);
		return session;
	}

	/**
	 * The logged-in client itself, for a benchmark that times its own requests.
	 */
	public HttpClient client() {
		return http;
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", language).build());
	}

	/**
	 * Posts a form with the CSRF token of the login page, as the pages' forms carry it.
	 */
	public HttpResponse<String> post(String path, String form) {
		String login = get("/login").body();
		Matcher csrf = CSRF.matcher(login);
		assertThat(csrf.find()).as("a CSRF token on the login form: %s", login).isTrue();
		return postWithoutToken(path, form + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
	}

	public HttpResponse<String> postWithoutToken(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept-Language", language)
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

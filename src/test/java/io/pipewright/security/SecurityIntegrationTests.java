package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Everything but the webapps' login page requires an engine user's password. Wrong
 * passwords are sent for a rep of their own: the engine locks a user for a while after a
 * failed login, and the admin sets things up.
 */
class SecurityIntegrationTests extends RunningServer {

	@ParameterizedTest
	@ValueSource(strings = { "/api/leads", "/engine-rest/task", "/v3/api-docs", "/swagger-ui/index.html" })
	void callersWithoutCredentialsAreRefused(String path) {
		assertUnauthorized(anonymous().get(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/leads", "/engine-rest/task" })
	void aWrongPasswordIsRefused(String path) {
		assertUnauthorized(anonymous().as(newRep(), "not-the-password").get(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/leads", "/engine-rest/task" })
	void anUnknownUserIsRefused(String path) {
		assertUnauthorized(anonymous().as("mallory", ApiClient.ADMIN_PASSWORD).get(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/leads", "/engine-rest/task" })
	void anEngineUserIsLetIn(String path) {
		String rep = newRep();
		admin().get(path).expect(200);
		anonymous().as(rep, rep + "-secret").get(path).expect(200);
	}

	// a login is remembered for a moment (RecentLogins); a change on this node ends it
	// at once

	@Test
	void aChangedPasswordTakesEffectAtOnce() {
		String rep = newRep();
		anonymous().as(rep, rep + "-secret").get("/api/leads").expect(200);

		admin()
			.send(HttpMethod.PUT, "/engine-rest/user/{id}/credentials",
					Map.of("password", rep + "-changed", "authenticatedUserPassword", ApiClient.ADMIN_PASSWORD), rep)
			.expect(204);

		assertUnauthorized(anonymous().as(rep, rep + "-secret").get("/api/leads"));
		// the wrong password holds the user back for a moment, then the new one is let in
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> anonymous().as(rep, rep + "-changed").get("/api/leads").expect(200));
	}

	@Test
	void aRemovedRoleTakesEffectAtOnce() {
		String rep = newRep();
		anonymous().as(rep, rep + "-secret").get("/api/leads").expect(200);

		admin().delete("/engine-rest/group/reps/members/{user}", rep).expect(204);

		anonymous().as(rep, rep + "-secret").get("/api/leads").expectProblem(403, null);
	}

	@Test
	void aDeletedUserIsRefusedAtOnce() {
		String rep = newRep();
		anonymous().as(rep, rep + "-secret").get("/api/leads").expect(200);

		admin().delete("/engine-rest/user/{id}", rep).expect(204);

		assertUnauthorized(anonymous().as(rep, rep + "-secret").get("/api/leads"));
	}

	@Test
	void aRememberedLoginIsNotAnotherPassword() {
		String rep = newRep();
		anonymous().as(rep, rep + "-secret").get("/api/leads").expect(200);

		assertUnauthorized(anonymous().as(rep, rep + "-secret ").get("/api/leads"));
	}

	@Test
	void integratorsReadTheApiDescriptionAfterLogin() {
		JsonNode paths = admin().get("/v3/api-docs").expect(200).path("paths");

		assertThat(paths.has("/api/leads")).isTrue();
		assertThat(paths.has("/api/leads/{id}/facts")).isTrue();
		assertThat(paths.has("/engine-rest/task")).as("only Pipewright's own API").isFalse();
	}

	@Test
	void anApiRefusalIsAProblemThatAsksForBasicAuthentication() {
		ApiClient.Response response = anonymous().get("/api/leads");

		response.expectProblem(401, null);
		assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic ");
	}

	@Test
	void anUnauthenticatedPostCreatesNothing() {
		long before = admin().leadTotal();

		anonymous().post("/api/leads", "{\"name\": \"Sneaky AS\"}").expectProblem(401, null);
		anonymous().as(newRep(), "guess").post("/api/leads", "{\"name\": \"Sneaky AS\"}").expectProblem(401, null);

		assertThat(admin().leadTotal()).isEqualTo(before);
	}

	@Test
	void tasklistServesItsLoginPageAndTheBoardAtTheRootAsksForPipewrightsOwn() {
		ApiClient.Response tasklist = anonymous().followingRedirects().browse("/camunda/app/tasklist/");
		tasklist.expect(200);
		assertThat(tasklist.contentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(tasklist.body()).containsIgnoringCase("<html").containsIgnoringCase("camunda");

		ApiClient.Response board = anonymous().followingRedirects().browse("/");
		board.expect(200);
		assertThat(board.contentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(board.body()).contains("Log in to Pipewright", "name=\"_csrf\"");
	}

	private static void assertUnauthorized(ApiClient.Response response) {
		response.expect(401);
		assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as("WWW-Authenticate")
			.isNotNull()
			.startsWith("Basic");
	}

}

package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.DatabaseScan;
import io.pipewright.RunningServer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An admin creates API tokens for integrations, which then call the API with
 * {@code Authorization: Bearer} within their scopes; a revoked, unknown or tampered token
 * is refused at once. Only an HMAC of a token is stored, keyed with the test secret in
 * src/test/resources/config/application.yaml.
 */
class ApiTokenIntegrationTests extends RunningServer {

	private static final String TEST_TOKEN_SECRET = "test-token-secret-not-for-production";

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anAdminCreatesATokenThatIsShownOnlyOnce() {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		ApiClient.Response response = admin().post("/api/tokens",
				Map.of("name", "crm-sync", "scopes", List.of("leads:read", "leads:create", "facts:report")));

		JsonNode created = response.expect(201);
		String id = created.path("id").asText();
		String token = created.path("token").asText();
		assertThat(response.headers().getLocation()).hasToString("/api/tokens/" + id);
		assertThat(token).startsWith("pw_" + id + "_").hasSize("pw_".length() + 16 + 1 + 43);
		assertThat(created.path("name").asText()).isEqualTo("crm-sync");
		assertThat(texts(created.path("scopes"))).as("in the API's order")
			.containsExactly("leads:create", "facts:report", "leads:read");
		assertThat(instant(created.path("createdAt"))).isBetween(before, Instant.now());
		assertThat(created.path("createdBy").asText()).isEqualTo(ApiClient.ADMIN);
		assertThat(created.has("lastUsedAt")).isTrue();
		assertThat(created.path("lastUsedAt").isNull()).isTrue();

		ApiClient.Response list = admin().get("/api/tokens");
		JsonNode listed = only(ApiClient.list(list.expect(200)), node -> id.equals(node.path("id").asText()));
		assertThat(listed.has("token")).isFalse();
		assertThat(listed.path("revokedAt").isNull()).isTrue();
		assertThat(list.body()).doesNotContain(secretOf(token));
		ApiClient.Response one = admin().get("/api/tokens/{id}", id);
		assertThat(one.expect(200).path("name").asText()).isEqualTo("crm-sync");
		assertThat(one.body()).doesNotContain(secretOf(token));
	}

	@Test
	void theDatabaseHoldsOnlyAnHmacOfTheToken() throws Exception {
		JsonNode created = admin().post("/api/tokens", Map.of("name", "hashed", "scopes", List.of("leads:read")))
			.expect(201);
		String token = created.path("token").asText();
		withToken(token).get("/api/leads").expect(200);

		String stored = jdbc.queryForObject("select secret_hash from pw_api_token where id = ?", String.class,
				created.path("id").asText());
		assertThat(stored).isEqualTo(hmac(secretOf(token)));
		// the scan finds what is there, so finding nothing of the token below means
		// something
		assertThat(DatabaseScan.places(jdbc.getDataSource(), stored)).map(String::toLowerCase)
			.containsExactly("pw_api_token.secret_hash");
		assertThat(DatabaseScan.places(jdbc.getDataSource(), token)).as("the whole token anywhere").isEmpty();
		assertThat(DatabaseScan.places(jdbc.getDataSource(), secretOf(token))).as("its secret part anywhere").isEmpty();
		List<Map<String, Object>> rows = jdbc.queryForList("select * from pw_api_token");
		assertThat(rows).isNotEmpty()
			.allSatisfy(row -> assertThat(row.values())
				.noneSatisfy(value -> assertThat(String.valueOf(value)).contains(secretOf(token))));
	}

	@Test
	void aTokenReachesOnlyWhatItsScopesName() {
		String reader = newToken("reader", "leads:read");
		String creator = newToken("creator", "leads:create");
		String reporter = newToken("reporter", "facts:report");
		String closer = newToken("closer", "leads:close");
		String id = admin().createLead(lead("Scoped AS")).path("id").asText();
		long leads = admin().leadTotal();

		withToken(reader).get("/api/leads/{id}", id).expect(200);
		withToken(reader).get("/api/leads?status=open").expect(200);
		withToken(reader).get("/api/leads/{id}/timeline", id).expect(200);
		forbidden(withToken(reader).post("/api/leads", lead("Not Allowed AS")));
		forbidden(withToken(reader).post("/api/leads/{id}/facts", Map.of("interestConfirmed", true), id));
		forbidden(withToken(reader).post("/api/leads/{id}/won", "{}", id));
		forbidden(withToken(creator).get("/api/leads/{id}", id));
		forbidden(withToken(reporter).post("/api/leads", lead("Not Allowed AS")));
		forbidden(withToken(closer).post("/api/leads/{id}/facts", Map.of("interestConfirmed", true), id));
		assertThat(admin().leadTotal()).isEqualTo(leads);
		assertThat(admin().lead(id).path("facts").has("interestConfirmed")).isFalse();
		assertThat(admin().lead(id).path("status").asText()).isEqualTo("open");

		String created = withToken(creator).post("/api/leads", lead("Created By Token AS"))
			.expect(201)
			.path("id")
			.asText();
		withToken(reporter).post("/api/leads/{id}/facts", Map.of("interestConfirmed", true), created).expect(200);
		withToken(closer).post("/api/leads/{id}/lost", Map.of("reason", "Chose a competitor"), created).expect(200);

		JsonNode lead = admin().lead(created);
		assertThat(lead.path("status").asText()).isEqualTo("lost");
		assertThat(lead.path("facts").path("interestConfirmed").asBoolean()).isTrue();
		List<JsonNode> timeline = ApiClient.list(admin().get("/api/leads/{id}/timeline", created).expect(200));
		assertThat(only(timeline, entry -> "created".equals(entry.path("type").asText())).path("actor").asText())
			.isEqualTo("token:creator");
		assertThat(only(timeline, entry -> "facts-reported".equals(entry.path("type").asText())).path("actor").asText())
			.isEqualTo("token:reporter");
		assertThat(only(timeline, entry -> "lost".equals(entry.path("type").asText())).path("actor").asText())
			.isEqualTo("token:closer");
		// the engine knew who called: its history names the token as the one who started
		// the process
		JsonNode process = only(ApiClient
			.list(admin().get("/engine-rest/history/process-instance?processInstanceBusinessKey={id}", created)
				.expect(200)), node -> true);
		assertThat(process.path("startUserId").asText()).isEqualTo("token:creator");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PATCH /api/leads/{id}", "GET /api/insight/funnel?pipeline=new-business", "GET /api/lists",
			"GET /api/tokens", "POST /api/tokens", "GET /api/audit", "GET /actuator/metrics",
			"POST /api/pipelines/new-business/migrate" })
	void aTokenWithEveryScopeStillReachesNothingElse(String call) {
		String all = newToken(unique("all-scopes"), "leads:create", "facts:report", "leads:read", "leads:close");
		String id = admin().createLead(lead("Untouched AS")).path("id").asText();
		String method = call.substring(0, call.indexOf(' '));
		String path = call.substring(call.indexOf(' ') + 1);
		long tokens = ApiClient.list(admin().get("/api/tokens").expect(200)).size();

		ApiClient.Response response = switch (method) {
			case "GET" -> withToken(all).get(path, id);
			case "PATCH" -> withToken(all).patch(path, Map.of("value", 1), id);
			default -> withToken(all).post(path, Map.of("name", "sneaky", "scopes", List.of("leads:read")));
		};

		forbidden(response);
		assertThat(admin().lead(id).path("value").isMissingNode() || admin().lead(id).path("value").isNull()).isTrue();
		assertThat(ApiClient.list(admin().get("/api/tokens").expect(200))).hasSize((int) tokens);
	}

	@Test
	void engineRestTakesNoToken() {
		String token = newToken("engine", "leads:read");

		ApiClient.Response response = withToken(token).get("/engine-rest/task");

		response.expect(401);
	}

	@Test
	void peopleKeepTheirAccessButOnlyAdminsManageTokens() {
		String rep = newRep();
		ApiClient asRep = anonymous().as(rep, rep + "-secret");

		String id = asRep.createLead(lead("Rep's Own AS", "owner", rep)).path("id").asText();
		asRep.reportFacts(id, Map.of("interestConfirmed", true));
		asRep.get("/api/leads/{id}", id).expect(200);
		asRep.patch("/api/leads/{id}", Map.of("value", 1000), id).expect(200);

		forbidden(asRep.get("/api/tokens"));
		forbidden(asRep.post("/api/tokens", Map.of("name", "mine", "scopes", List.of("leads:read"))));
		forbidden(asRep.get("/api/audit"));
		assertThat(ApiClient.list(admin().get("/api/tokens").expect(200)))
			.noneSatisfy(token -> assertThat(token.path("name").asText()).isEqualTo("mine"));
	}

	@Test
	void aRevokedTokenIsRefusedAtOnce() {
		JsonNode created = admin().post("/api/tokens", Map.of("name", "to-revoke", "scopes", List.of("leads:read")))
			.expect(201);
		String id = created.path("id").asText();
		String token = created.path("token").asText();
		withToken(token).get("/api/leads").expect(200);

		admin().delete("/api/tokens/{id}", id).expect(204);

		invalidToken(withToken(token).get("/api/leads"));
		JsonNode revoked = admin().get("/api/tokens/{id}", id).expect(200);
		assertThat(instant(revoked.path("revokedAt"))).isBeforeOrEqualTo(Instant.now());
		assertThat(revoked.path("revokedBy").asText()).isEqualTo(ApiClient.ADMIN);
		// again: nothing more to do
		admin().delete("/api/tokens/{id}", id).expect(204);
		assertThat(admin().get("/api/tokens/{id}", id).expect(200).path("revokedAt"))
			.isEqualTo(revoked.path("revokedAt"));
		// its name is free again, and the new token is another one
		JsonNode again = admin().post("/api/tokens", Map.of("name", "to-revoke", "scopes", List.of("leads:read")))
			.expect(201);
		assertThat(again.path("id").asText()).isNotEqualTo(id);
		withToken(again.path("token").asText()).get("/api/leads").expect(200);
		invalidToken(withToken(token).get("/api/leads"));
	}

	@Test
	void revokingAnUnknownTokenIsAProblem() {
		admin().delete("/api/tokens/{id}", "0123456789abcdef").expectProblem(404, null);
		admin().get("/api/tokens/{id}", "no-such-token").expectProblem(404, null);
	}

	@Test
	void aWrongUnknownOrMalformedTokenIsRefused() {
		String token = newToken("genuine", "leads:read", "leads:create");
		String id = token.substring(3, 19);
		String secret = secretOf(token);
		String otherSecret = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
		long leads = admin().leadTotal();

		invalidToken(withToken("pw_" + id + "_" + otherSecret).get("/api/leads"));
		invalidToken(withToken("pw_" + id + "_" + otherSecret).post("/api/leads", lead("Forged AS")));
		invalidToken(withToken("pw_0123456789abcdef_" + secret).get("/api/leads"));
		invalidToken(withToken("pw_" + id + "_" + secret.substring(1)).get("/api/leads"));
		invalidToken(withToken("not-a-pipewright-token").get("/api/leads"));
		invalidToken(withToken(token.toUpperCase()).get("/api/leads"));

		assertThat(admin().leadTotal()).isEqualTo(leads);
		withToken(token).get("/api/leads").expect(200);
	}

	@Test
	void lastUsedAtIsWrittenAtMostOnceAMinute() {
		JsonNode created = admin().post("/api/tokens", Map.of("name", "busy", "scopes", List.of("leads:read")))
			.expect(201);
		String id = created.path("id").asText();
		String token = created.path("token").asText();
		assertThat(admin().get("/api/tokens/{id}", id).expect(200).path("lastUsedAt").isNull()).isTrue();

		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		withToken(token).get("/api/leads").expect(200);
		Instant first = instant(admin().get("/api/tokens/{id}", id).expect(200).path("lastUsedAt"));
		assertThat(first).isBetween(before, Instant.now());
		for (int i = 0; i < 5; i++) {
			withToken(token).get("/api/leads").expect(200);
		}
		assertThat(instant(admin().get("/api/tokens/{id}", id).expect(200).path("lastUsedAt"))).isEqualTo(first);

		// as if the last use were two minutes ago
		jdbc.update("update pw_api_token set last_used_at = ? where id = ?",
				first.minus(2, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC), id);
		withToken(token).get("/api/leads").expect(200);
		assertThat(instant(admin().get("/api/tokens/{id}", id).expect(200).path("lastUsedAt"))).isAfter(first);
	}

	@Test
	void aBadTokenRequestNamesTheFieldAndCreatesNothing() {
		newToken("taken", "leads:read");
		long before = ApiClient.list(admin().get("/api/tokens").expect(200)).size();

		admin().post("/api/tokens", Map.of("name", "x", "scopes", List.of("leads:read", "leads:delete")))
			.expectProblem(400, "scopes[1]");
		admin().post("/api/tokens", Map.of("name", " ", "scopes", List.of("leads:read"))).expectProblem(400, "name");
		admin().post("/api/tokens", Map.of("scopes", List.of("leads:read"))).expectProblem(400, "name");
		admin().post("/api/tokens", Map.of("name", "crm sync!", "scopes", List.of("leads:read")))
			.expectProblem(400, "name");
		admin().post("/api/tokens", Map.of("name", "n".repeat(51), "scopes", List.of("leads:read")))
			.expectProblem(400, "name");
		admin().post("/api/tokens", Map.of("name", "taken", "scopes", List.of("leads:read")))
			.expectProblem(400, "name");
		admin().post("/api/tokens", Map.of("name", "empty", "scopes", List.of())).expectProblem(400, "scopes");
		admin().post("/api/tokens", Map.of("name", "none")).expectProblem(400, "scopes");
		admin().post("/api/tokens", "{\"name\": \"typed\", \"scopes\": \"leads:read\"}").expectProblem(400, "scopes");
		admin().post("/api/tokens", "{\"name\": \"extra\", \"scopes\": [\"leads:read\"], \"token\": \"pw_x\"}")
			.expectProblem(400, "token");

		assertThat(ApiClient.list(admin().get("/api/tokens").expect(200))).hasSize((int) before);
	}

	@Test
	void aCallWithoutCredentialsOffersBothWaysToLogIn() {
		ApiClient.Response response = anonymous().get("/api/leads");

		response.expectProblem(401, null);
		assertThat(response.headers().get(HttpHeaders.WWW_AUTHENTICATE)).hasSize(2)
			.anySatisfy(challenge -> assertThat(challenge).startsWith("Basic "))
			.anySatisfy(challenge -> assertThat(challenge).startsWith("Bearer "));
	}

	private String newToken(String name, String... scopes) {
		return admin().post("/api/tokens", Map.of("name", name, "scopes", List.of(scopes)))
			.expect(201)
			.path("token")
			.asText();
	}

	private ApiClient withToken(String token) {
		return anonymous().withToken(token);
	}

	private static void forbidden(ApiClient.Response response) {
		response.expectProblem(403, null);
	}

	private static void invalidToken(ApiClient.Response response) {
		JsonNode problem = response.expectProblem(401, null);
		assertThat(problem.path("type").asText()).endsWith("/invalid-token");
		assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer ")
			.contains("error=\"invalid_token\"");
	}

	/** The random part after {@code pw_<id>_}. */
	private static String secretOf(String token) {
		return token.substring("pw_".length() + 16 + 1);
	}

	private static String hmac(String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(TEST_TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.US_ASCII)));
	}

	private static List<String> texts(JsonNode array) {
		return ApiClient.list(array).stream().map(JsonNode::asText).toList();
	}

}

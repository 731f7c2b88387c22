package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.RunningServer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/**
 * Every caller against every endpoint of the API and the engine-rest calls Tasklist
 * makes: what each role may do, and that a refusal (401 or 403) changes nothing. Each
 * call works on a fresh lead owned by rep Anna, who is in the manager's team; rep Bo is
 * not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests extends RunningServer {

	enum Caller {

		ANONYMOUS, ADMIN, MANAGER, OWNER, OTHER_REP, MARKETING, NO_ROLE,

		/** An integration token with leads:read and metrics:read. */
		READ_TOKEN,

		/** An integration token with leads:create, facts:report and leads:close. */
		WRITE_TOKEN;

	}

	private static final Set<Caller> WORKERS = Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER);

	private static final Set<Caller> READERS = Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.OTHER_REP,
			Caller.MARKETING, Caller.READ_TOKEN);

	private static final Set<Caller> EVERYONE = Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.OTHER_REP,
			Caller.MARKETING, Caller.READ_TOKEN, Caller.WRITE_TOKEN);

	/** People with a role; not tokens, which are nobody's. */
	private static final Set<Caller> PEOPLE = Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.OTHER_REP,
			Caller.MARKETING);

	private static final Set<Caller> WRITERS = Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.WRITE_TOKEN);

	/**
	 * One call: {@code path} may hold {lead} and {task}; {@code allowed} answer
	 * {@code status}, everyone else 401 (anonymous) or 403.
	 */
	record Call(String name, HttpMethod method, String path, Object body, Set<Caller> allowed, int status) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** The body of a deployment, sent as the Modeler sends it. */
	private static final Object DEPLOYMENT = new Object();

	static final List<Call> CALLS = List.of(new Call("list leads", HttpMethod.GET, "/api/leads", null, READERS, 200),
			new Call("read a lead", HttpMethod.GET, "/api/leads/{lead}", null,
					Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.MARKETING, Caller.READ_TOKEN), 200),
			new Call("read a lead's timeline", HttpMethod.GET, "/api/leads/{lead}/timeline", null,
					Set.of(Caller.ADMIN, Caller.MANAGER, Caller.OWNER, Caller.READ_TOKEN), 200),
			new Call("create a lead for the owner", HttpMethod.POST, "/api/leads",
					Map.of("name", "Matrix AS", "owner", "anna"), WRITERS, 201),
			new Call("change a lead's value", HttpMethod.PATCH, "/api/leads/{lead}", Map.of("value", 4321), WORKERS,
					200),
			new Call("reassign a lead within the team", HttpMethod.PATCH, "/api/leads/{lead}", Map.of("owner", "mona"),
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("reassign a lead outside the team", HttpMethod.PATCH, "/api/leads/{lead}", Map.of("owner", "bo"),
					Set.of(Caller.ADMIN), 200),
			new Call("report facts", HttpMethod.POST, "/api/leads/{lead}/facts", Map.of("interestConfirmed", true),
					WRITERS, 200),
			new Call("mark won", HttpMethod.POST, "/api/leads/{lead}/won", Map.of("value", 1000), WRITERS, 200),
			new Call("mark lost", HttpMethod.POST, "/api/leads/{lead}/lost", Map.of("reason", "No budget"), WRITERS,
					200),
			new Call("erase a lead without the flag", HttpMethod.DELETE, "/api/leads/{lead}", null,
					Set.of(Caller.ADMIN), 400),
			new Call("list pipelines", HttpMethod.GET, "/api/pipelines", null, EVERYONE, 200),
			new Call("read a pipeline", HttpMethod.GET, "/api/pipelines/new-business", null, EVERYONE, 200),
			new Call("list API tokens", HttpMethod.GET, "/api/tokens", null, Set.of(Caller.ADMIN), 200),
			new Call("create an API token", HttpMethod.POST, "/api/tokens",
					Map.of("name", "matrix", "scopes", List.of("leads:read")), Set.of(Caller.ADMIN), 201),
			new Call("revoke an API token", HttpMethod.DELETE, "/api/tokens/{token}", null, Set.of(Caller.ADMIN), 204),
			new Call("read the audit trail", HttpMethod.GET, "/api/audit", null, Set.of(Caller.ADMIN), 200),
			new Call("list webhooks", HttpMethod.GET, "/api/webhooks", null, Set.of(Caller.ADMIN), 200),
			// no receiver ever hears of it: ping only, and no ping is asked for
			new Call("register a webhook", HttpMethod.POST, "/api/webhooks",
					Map.of("url", "https://hooks.matrix.example/pipewright", "events", List.of("ping")),
					Set.of(Caller.ADMIN), 201),
			new Call("read a webhook", HttpMethod.GET, "/api/webhooks/987654", null, Set.of(Caller.ADMIN), 404),
			new Call("delete a webhook", HttpMethod.DELETE, "/api/webhooks/987654", null, Set.of(Caller.ADMIN), 404),
			new Call("test a webhook", HttpMethod.POST, "/api/webhooks/987654/test", null, Set.of(Caller.ADMIN), 404),
			new Call("list deliveries", HttpMethod.GET, "/api/deliveries", null, Set.of(Caller.ADMIN), 200),
			new Call("retry a delivery", HttpMethod.POST, "/api/deliveries/987654/retry", null, Set.of(Caller.ADMIN),
					404),
			new Call("migrate a pipeline's leads", HttpMethod.POST, "/api/pipelines/new-business/migrate",
					Map.of("dryRun", true), Set.of(Caller.ADMIN), 200),
			new Call("list MailChimp lists", HttpMethod.GET, "/api/lists", null, Set.of(Caller.ADMIN, Caller.MARKETING),
					200),
			new Call("read a list's members", HttpMethod.GET, "/api/lists/newsletter/members", null,
					Set.of(Caller.ADMIN, Caller.MARKETING), 404),
			new Call("retry a list change", HttpMethod.POST, "/api/lists/changes/987654/retry", null,
					Set.of(Caller.ADMIN, Caller.MARKETING), 404),
			new Call("read the funnel", HttpMethod.GET, "/api/insight/funnel?pipeline=new-business", null,
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read the activity plan", HttpMethod.GET,
					"/api/insight/activity-plan?pipeline=new-business&target=1500000&averageDeal=75000&hitRate=0.5&weeks=40",
					null, Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read the outcomes", HttpMethod.GET, "/api/insight/outcomes?pipeline=new-business", null,
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read the forecast", HttpMethod.GET, "/api/insight/forecast?pipeline=new-business", null,
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("keep this week's forecast", HttpMethod.POST, "/api/insight/forecast/snapshots", Map.of(),
					Set.of(Caller.ADMIN), 200),
			new Call("read adoption", HttpMethod.GET, "/api/insight/adoption?pipeline=new-business", null,
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read coaching", HttpMethod.GET, "/api/insight/coaching?pipeline=new-business", null,
					Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read warning signs", HttpMethod.GET, "/api/insight/warnings?pipeline=new-business&target=1000000",
					null, Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("read the win probability's calibration", HttpMethod.GET,
					"/api/insight/probability?pipeline=new-business", null, Set.of(Caller.ADMIN, Caller.MANAGER), 200),
			new Call("import leads", HttpMethod.POST, "/api/import/leads",
					List.of(Map.of("externalId", "matrix-import", "name", "Imported", "pipeline", "new-business",
							"closedAt", "2026-01-02T10:00:00Z", "outcome", "lost")),
					Set.of(Caller.ADMIN), 200),
			new Call("read my email choices", HttpMethod.GET, "/api/me/notifications", null, PEOPLE, 200),
			new Call("change my email choices", HttpMethod.PUT, "/api/me/notifications",
					Map.of("language", "nb", "off", List.of("digest")), PEOPLE, 200),
			new Call("list email placeholders", HttpMethod.GET, "/api/notifications/placeholders", null, PEOPLE, 200),
			new Call("list email templates", HttpMethod.GET, "/api/notifications/templates", null, Set.of(Caller.ADMIN),
					200),
			new Call("save an email template", HttpMethod.PUT, "/api/notifications/templates/matrix/en",
					Map.of("subject", "Hi {{recipient.firstName}}", "body", "About {{lead.company}}"),
					Set.of(Caller.ADMIN), 200),
			new Call("send today's digest", HttpMethod.POST, "/api/notifications/digest", Map.of(),
					Set.of(Caller.ADMIN), 200),
			new Call("read the API description", HttpMethod.GET, "/v3/api-docs", null, EVERYONE, 200),
			new Call("read the server's info", HttpMethod.GET, "/actuator/info", null, Set.of(Caller.ADMIN), 200),
			new Call("read metrics", HttpMethod.GET, "/actuator/metrics", null, Set.of(Caller.ADMIN, Caller.READ_TOKEN),
					200),
			new Call("call an unlisted API path", HttpMethod.GET, "/api/secrets", null, Set.of(Caller.ADMIN), 404),
			// what Tasklist does, through engine-rest, on the engine's authorizations
			new Call("Tasklist: read the lead's task", HttpMethod.GET, "/engine-rest/task/{task}", null,
					Set.of(Caller.ADMIN, Caller.OWNER), 200),
			new Call("Tasklist: read the task's variables", HttpMethod.GET, "/engine-rest/task/{task}/variables", null,
					Set.of(Caller.ADMIN, Caller.OWNER), 200),
			new Call("Tasklist: read the task's form variables", HttpMethod.GET,
					"/engine-rest/task/{task}/form-variables", null, Set.of(Caller.ADMIN, Caller.OWNER), 200),
			new Call("Tasklist: complete the task", HttpMethod.POST, "/engine-rest/task/{task}/complete", Map.of(),
					Set.of(Caller.ADMIN, Caller.OWNER), 204),
			new Call("Tasklist: set a variable on the task", HttpMethod.PUT,
					"/engine-rest/task/{task}/variables/sneaky", Map.of("value", "x", "type", "String"),
					Set.of(Caller.ADMIN, Caller.OWNER), 204),
			new Call("Cockpit: read the lead's process instance", HttpMethod.GET,
					"/engine-rest/process-instance/{instance}", null, Set.of(Caller.ADMIN), 200),
			new Call("Cockpit: read the instance's variables", HttpMethod.GET,
					"/engine-rest/process-instance/{instance}/variables", null, Set.of(Caller.ADMIN), 200),
			new Call("Modeler: deploy a pipeline", HttpMethod.POST, "/engine-rest/deployment/create", DEPLOYMENT,
					Set.of(Caller.ADMIN), 200));

	private final Map<Caller, Function<ApiClient, ApiClient>> login = new EnumMap<>(Map.of(Caller.ANONYMOUS, c -> c,
			Caller.ADMIN, c -> admin(), Caller.MANAGER, c -> c.as("maja", "maja-secret"), Caller.OWNER,
			c -> c.as("anna", "anna-secret"), Caller.OTHER_REP, c -> c.as("bo", "bo-secret"), Caller.MARKETING,
			c -> c.as("mette", "mette-secret"), Caller.NO_ROLE, c -> c.as("nils", "nils-secret")));

	private String sharedLead;

	@BeforeAll
	void people() {
		ApiClient admin = admin();
		admin.ensureUserIn("maja", "maja-secret", "managers");
		admin.ensureUserIn("anna", "anna-secret", "reps");
		admin.ensureUserIn("mona", "mona-secret", "reps");
		admin.ensureUserIn("bo", "bo-secret", "reps");
		admin.ensureUserIn("mette", "mette-secret", "marketing");
		admin.ensureUserIn("nils", "nils-secret");
		admin.post("/engine-rest/group/create", Map.of("id", "fjord", "name", "Fjord team", "type", "WORKFLOW"))
			.expect(204);
		for (String member : List.of("maja", "anna", "mona")) {
			admin.put("/engine-rest/group/fjord/members/{user}", member).expect(204);
		}
		sharedLead = admin.createLead(lead("Shared matrix lead", "owner", "anna", "value", 50000)).path("id").asText();
		String reader = token(List.of("leads:read", "metrics:read"));
		String writer = token(List.of("leads:create", "facts:report", "leads:close"));
		login.put(Caller.READ_TOKEN, c -> c.withToken(reader));
		login.put(Caller.WRITE_TOKEN, c -> c.withToken(writer));
	}

	private String token(List<String> scopes) {
		return admin().post("/api/tokens", Map.of("name", unique("matrix-"), "scopes", scopes))
			.expect(201)
			.path("token")
			.asText();
	}

	Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		for (Call call : CALLS) {
			for (Caller caller : Caller.values()) {
				cases.add(Arguments.of(call, caller));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{1}: {0}")
	@MethodSource("matrix")
	void eachRoleReachesOnlyWhatItMay(Call call, Caller caller) {
		ApiClient admin = admin();
		// a fresh lead where the call is let through and may change one; the shared one
		// for the rest, which the refused calls must leave as it is
		boolean allowed = call.allowed().contains(caller);
		boolean fresh = allowed && call.method() != HttpMethod.GET;
		String leadId = fresh
				? admin.createLead(lead(unique("Matrix lead "), "owner", "anna", "value", 50000)).path("id").asText()
				: sharedLead;
		String path = call.path();
		if (path.contains("{task}") || path.contains("{instance}")) {
			String taskId = admin.engineTasks(leadId).get(0).path("id").asText();
			String instanceId = admin.get("/engine-rest/process-instance?businessKey={id}", leadId)
				.expect(200)
				.get(0)
				.path("id")
				.asText();
			path = path.replace("{task}", taskId).replace("{instance}", instanceId);
		}
		if (path.contains("{token}")) {
			String victim = admin
				.post("/api/tokens", Map.of("name", unique("victim-"), "scopes", List.of("leads:read")))
				.expect(201)
				.path("id")
				.asText();
			path = path.replace("{token}", victim);
		}
		path = path.replace("{lead}", leadId);
		ApiClient client = login.get(caller).apply(anonymous());
		if (allowed) {
			ApiClient.Response answer = send(client, call, path);
			assertThat(answer.status()).as("%s may %s: %s", caller, call, answer.body()).isEqualTo(call.status());
			return;
		}
		// a refused read is checked by its answer; a refused write also by what it left
		boolean write = call.method() != HttpMethod.GET;
		JsonNode before = write ? admin.lead(leadId) : null;
		long leadsBefore = write ? admin.leadTotal() : 0;
		long tasksBefore = write ? admin.engineTasks(leadId).size() : 0;
		long tokensBefore = write ? admin.get("/api/tokens").json().size() : 0;
		long webhooksBefore = write ? admin.get("/api/webhooks").json().size() : 0;
		ApiClient.Response answer = send(client, call, path);

		boolean token = caller == Caller.READ_TOKEN || caller == Caller.WRITE_TOKEN;
		if (path.startsWith("/engine-rest")) {
			// Camunda's own answers: 401 without a person's login (a token is none
			// there);
			// for a person, the engine hides what they may not read (404) or refuses it
			// (403)
			assertThat(answer.status()).as("%s may not %s: %s", caller, call, answer.body())
				.isIn(caller == Caller.ANONYMOUS || token ? List.of(401) : List.of(403, 404));
		}
		else {
			answer.expectProblem(caller == Caller.ANONYMOUS ? 401 : 403, null);
		}
		if (!write) {
			return;
		}
		assertThat(admin.lead(leadId)).as("the lead is unchanged").isEqualTo(before);
		assertThat(admin.leadTotal()).as("no lead created").isEqualTo(leadsBefore);
		assertThat(admin.engineTasks(leadId)).as("no task completed").hasSize((int) tasksBefore);
		assertThat(admin.get("/api/tokens").json().size()).as("no token created or revoked").isEqualTo(tokensBefore);
		assertThat(admin.get("/api/webhooks").json().size()).as("no webhook registered or deleted")
			.isEqualTo(webhooksBefore);
	}

	private static ApiClient.Response send(ApiClient client, Call call, String path) {
		return call.body() == DEPLOYMENT
				? client.deploy(unique("matrix-"), "two-stage.bpmn", fixture("modeler/two-stage.bpmn"))
				: client.send(call.method(), path, call.body());
	}

	@Test
	void listsShowEachCallerOnlyTheLeadsTheyMaySeeAndMarketingNoValues() {
		ApiClient admin = admin();
		String annas = admin.createLead(lead(unique("Anna's lead "), "owner", "anna", "value", 70000))
			.path("id")
			.asText();
		String bos = admin.createLead(lead(unique("Bo's lead "), "owner", "bo", "value", 80000)).path("id").asText();

		assertThat(ids(login.get(Caller.OWNER).apply(anonymous()))).contains(annas).doesNotContain(bos);
		assertThat(ids(login.get(Caller.OTHER_REP).apply(anonymous()))).contains(bos).doesNotContain(annas);
		assertThat(ids(login.get(Caller.MANAGER).apply(anonymous()))).contains(annas).doesNotContain(bos);
		assertThat(ids(admin)).contains(annas, bos);

		ApiClient marketing = login.get(Caller.MARKETING).apply(anonymous());
		assertThat(ids(marketing)).contains(annas, bos);
		JsonNode contact = marketing.get("/api/leads/{id}", annas).expect(200);
		assertThat(contact.has("name")).isTrue();
		assertThat(contact.has("email")).isTrue();
		assertThat(contact.has("value")).as("marketing sees no values: %s", contact).isFalse();
		assertThat(contact.has("facts")).isFalse();
		assertThat(contact.has("owner")).isFalse();
		assertThat(marketing.get("/api/leads?size=200").body()).doesNotContain("\"value\"").doesNotContain("\"facts\"");
	}

	@Test
	void aReassignedLeadsTasksLeaveTheOldOwnersTasklist() {
		ApiClient admin = admin();
		JsonNode lead = admin.createLead(lead(unique("Handed over "), "owner", "anna"));
		String taskId = tasks(lead).get(0).path("id").asText();
		ApiClient anna = login.get(Caller.OWNER).apply(anonymous());
		anna.get("/engine-rest/task/{id}", taskId).expect(200);

		admin.patch("/api/leads/{id}", Map.of("owner", "bo"), lead.path("id").asText()).expect(200);

		assertThat(anna.get("/engine-rest/task/{id}", taskId).status()).isIn(403, 404);
		assertThat(anna.post("/engine-rest/task/{id}/complete", "{}", taskId).status()).isIn(403, 404);
		login.get(Caller.OTHER_REP).apply(anonymous()).get("/engine-rest/task/{id}", taskId).expect(200);
	}

	@Test
	void aRepCommentsOnTheirOwnTaskInTasklistAndReadsNoOtherTasksHistory() {
		ApiClient admin = admin();
		String annasTask = tasks(admin.createLead(lead(unique("Commented "), "owner", "anna"))).get(0)
			.path("id")
			.asText();
		String bosTask = tasks(admin.createLead(lead(unique("Not anna's "), "owner", "bo"))).get(0).path("id").asText();
		ApiClient anna = login.get(Caller.OWNER).apply(anonymous());

		// what Tasklist does: the comment, then the task's comments and its history tab
		anna.post("/engine-rest/task/{id}/comment/create", Map.of("message", "Called, no answer"), annasTask)
			.expect(200);
		assertThat(ApiClient.list(anna.get("/engine-rest/task/{id}/comment", annasTask).expect(200)))
			.extracting(comment -> comment.path("message").asText())
			.containsExactly("Called, no answer");
		assertThat(ApiClient.list(anna.get("/engine-rest/history/task?taskId={id}", annasTask).expect(200))).hasSize(1);

		assertThat(anna.post("/engine-rest/task/{id}/comment/create", Map.of("message", "Mine now"), bosTask).status())
			.isIn(400, 403, 404);
		assertThat(ApiClient.list(anna.get("/engine-rest/history/task?taskId={id}", bosTask).expect(200))).isEmpty();
		assertThat(ApiClient.list(anna.get("/engine-rest/history/task").expect(200)))
			.allSatisfy(task -> assertThat(task.path("assignee").asText()).isEqualTo("anna"));
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = Caller.class, names = { "ANONYMOUS", "READ_TOKEN", "WRITE_TOKEN" },
			mode = EnumSource.Mode.EXCLUDE)
	void theListPageIsForAdminsAndMarketingAndItsFormsNeedTheirCsrfToken(Caller caller) {
		Map<Caller, String[]> users = Map.of(Caller.ADMIN, new String[] { ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD },
				Caller.MANAGER, new String[] { "maja", "maja-secret" }, Caller.OWNER,
				new String[] { "anna", "anna-secret" }, Caller.OTHER_REP, new String[] { "bo", "bo-secret" },
				Caller.MARKETING, new String[] { "mette", "mette-secret" }, Caller.NO_ROLE,
				new String[] { "nils", "nils-secret" });
		PageSession page = PageSession.login(port, users.get(caller)[0], users.get(caller)[1], "en");
		boolean allowed = caller == Caller.ADMIN || caller == Caller.MARKETING;
		assertThat(page.get("/lists").statusCode()).isEqualTo(allowed ? 200 : 403);
		// a forged form without the token changes nothing, whoever is logged in
		assertThat(page.postWithoutToken("/lists/changes/1/retry", "").statusCode()).isEqualTo(403);
	}

	@Test
	void pagesSendSecureHeadersAndTheApiNoCaching() {
		ApiClient.Response page = anonymous().browse("/login");
		assertThat(page.headers().getFirst("Content-Security-Policy")).contains("default-src 'self'")
			.contains("frame-ancestors 'none'");
		assertThat(page.headers().getFirst("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.headers().getFirst("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(page.body()).contains("name=\"_csrf\"");

		ApiClient.Response api = admin().get("/api/leads");
		assertThat(api.headers().getFirst("Content-Security-Policy")).startsWith("default-src 'none'");
		assertThat(api.headers().getFirst("Cache-Control")).contains("no-store");
		assertThat(api.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	private static List<String> ids(ApiClient client) {
		return ApiClient.list(client.get("/api/leads?size=200").expect(200).path("content"))
			.stream()
			.map(lead -> lead.path("id").asText())
			.toList();
	}

}

package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.DatabaseScan;
import io.pipewright.DatabaseScan.Trace;
import io.pipewright.RunningServer;
import io.pipewright.cues.WebhookReceiver;
import io.pipewright.lists.MailChimpFake;
import io.pipewright.lists.mailchimp.MailChimp;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Erasure on request ({@code DELETE /api/leads/{id}?erase=true}) end to end: the person's
 * name, email and the rest are gone from every table of the database, the engine's
 * included, MailChimp deletes them for good, and the figures insight shows stay as they
 * were. Each test has a person, a copy of the outreach fixture and audiences of its own.
 */
class LeadErasureIntegrationTests extends RunningServer {

	static final MailChimpFake mailChimp = new MailChimpFake();

	static final int MAX_ATTEMPTS = 3;

	@DynamicPropertySource
	static void mailChimpServer(DynamicPropertyRegistry registry) throws IOException {
		mailChimp.serve(registry);
		registry.add("pipewright.mailchimp.poll-interval", () -> "200ms");
		registry.add("pipewright.mailchimp.backoff-base", () -> "20ms");
		registry.add("pipewright.mailchimp.backoff-max", () -> "100ms");
		registry.add("pipewright.mailchimp.max-attempts", () -> MAX_ATTEMPTS);
		// a webhook receiver on localhost; its deliveries keep trying until the erasure
		registry.add("pipewright.webhooks.allow-loopback", () -> "true");
		registry.add("pipewright.cues.poll-interval", () -> "200ms");
		registry.add("pipewright.cues.backoff-base", () -> "20ms");
		registry.add("pipewright.cues.backoff-max", () -> "500ms");
		registry.add("pipewright.cues.max-attempts", () -> "1000");
	}

	static final WebhookReceiver receiver = new WebhookReceiver();

	@BeforeAll
	static void startReceiver() throws IOException {
		receiver.start();
	}

	@AfterAll
	static void stopServer() {
		mailChimp.stop();
		receiver.stop();
	}

	@Autowired
	DataSource database;

	@Test
	void anErasedPersonLeavesNoTraceInAnyTableAndTheFunnelKeepsTheLead() throws Exception {
		String pipeline = deployOutreach("outreach-main", "erase-main-a", "erase-main-b");
		String name = "Åsa Ærlig-Østby";
		String email = "Asa.Aerlig-Ostby@Erasure.Example";
		String company = "Ærlig Østby Fjordbruk AS";
		String phone = "+47 912 34 567";
		String externalId = unique("crm-aasa-");
		String hash = MailChimp.subscriberHash(email);
		// the second audience refuses the address, and MailChimp's message quotes it
		mailChimp.answer("erase-main-b", hash, MailChimpFake.problem(400, "Invalid Resource",
				email + " looks fake or invalid, please enter a real email address."));
		// one team's chat takes the lead's events; another receiver is down, and its
		// error quotes the email
		admin()
			.post("/api/webhooks",
					Map.of("url", receiver.url("/erase-chat"), "events", List.of("lead.created", "stage.entered")))
			.expect(201);
		String down = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/erase-down"), "events", List.of("stage.entered")))
			.expect(201)
			.path("id")
			.asText();
		receiver.answer(request -> request.path().equals("/erase-down")
				? new MockResponse.Builder().code(503).body("No mailbox for " + email).build()
				: new MockResponse.Builder().code(200).build());
		JsonNode created = admin().createLead(lead(name, "email", email, "company", company, "phone", phone,
				"externalId", externalId, "value", 120000, "territory", "Vestland", "productLine", "Platform", "source",
				"Web", "owner", "admin", "pipeline", pipeline));
		String id = created.path("id").asText();
		JsonNode call = only(tasks(created), named("Call " + name));

		// a rep's note in Tasklist, corrected afterwards
		String comment = admin()
			.post("/engine-rest/task/{id}/comment/create", Map.of("message", "Spoke to " + name),
					call.path("id").asText())
			.expect(200)
			.path("id")
			.asText();
		admin()
			.send(HttpMethod.PUT, "/engine-rest/task/{id}/comment",
					Map.of("id", comment, "message", "Spoke to " + name + ", who reads mail at " + email),
					call.path("id").asText())
			.expect(204);
		// facts through the API, one quoting the email
		JsonNode nurtured = admin().reportFacts(id,
				Map.of("qualified", true, "preferredContact", "email to " + email, "employees", 40));
		assertThat(stageId(nurtured)).isEqualTo("Stage_Nurture");
		// and a variable set as Tasklist completes a task
		JsonNode brochure = only(tasks(nurtured), named("Send " + company + " the brochure"));
		admin()
			.post("/engine-rest/task/{id}/complete",
					Map.of("variables", Map.of("brochureSentTo", Map.of("value", email, "type", "String"))),
					brochure.path("id").asText())
			.expect(204);
		// the job executor meets a job that fails quoting the name: an incident
		String processInstance = processInstanceOf(id);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !ApiClient
				.list(admin().get("/engine-rest/incident?processInstanceId={pi}", processInstance).expect(200))
				.isEmpty());
		JsonNode offered = admin().reportFacts(id, Map.of("meetingAgreed", true));
		assertThat(stageId(offered)).isEqualTo("Stage_Offer");
		await().until(() -> state("erase-main-a", id).equals("synced") && state("erase-main-b", id).equals("failed"));
		assertThat(mailChimp.holdsMember("erase-main-a", hash)).isTrue();
		JsonNode funnel = admin().get("/api/insight/funnel?pipeline={p}", pipeline).expect(200);
		assertThat(funnel.path("open").asInt()).isEqualTo(1);

		await().until(() -> receiver.received("/erase-chat").size() >= 2 && deliveries(id).stream()
			.anyMatch(d -> d.path("target").asText().equals(down) && d.path("lastError").asText().contains(email)));
		// the scan finds the person in Pipewright's tables and the engine's, in text and
		// binary columns alike: it cannot pass for want of looking
		List<Trace> before = traces(name, email);
		assertThat(DatabaseScan.places(before, name)).contains("PW_LEAD.NAME", "PW_STAGE_TASK.NAME",
				"ACT_RU_VARIABLE.TEXT_", "ACT_HI_VARINST.TEXT_", "ACT_HI_DETAIL.TEXT_", "ACT_HI_TASKINST.NAME_",
				"ACT_HI_TASKINST.DESCRIPTION_", "ACT_HI_COMMENT.MESSAGE_", "ACT_HI_COMMENT.FULL_MSG_",
				"ACT_HI_OP_LOG.ORG_VALUE_", "ACT_HI_OP_LOG.NEW_VALUE_", "ACT_HI_INCIDENT.INCIDENT_MSG_",
				"ACT_HI_JOB_LOG.JOB_EXCEPTION_MSG_", "ACT_GE_BYTEARRAY.BYTES_");
		assertThat(DatabaseScan.places(before, name)).as("webhook payloads").contains("PW_DELIVERY.PAYLOAD");
		assertThat(DatabaseScan.places(before, email)).contains("PW_DELIVERY.LAST_ERROR", "PW_LEAD.EMAIL",
				"PW_LEAD_EVENT.DETAIL", "PW_LIST_CHANGE.ERROR_DETAIL", "ACT_RU_VARIABLE.TEXT_", "ACT_HI_VARINST.TEXT_",
				"ACT_HI_DETAIL.TEXT_", "ACT_HI_TASKINST.DESCRIPTION_", "ACT_HI_COMMENT.FULL_MSG_",
				"ACT_HI_OP_LOG.NEW_VALUE_");
		assertThat(before).as("found in a binary column, read as UTF-8").anyMatch(Trace::binary);

		// a refused erasure changes nothing
		JsonNode unchanged = admin().lead(id);
		admin().delete("/api/leads/{id}", id).expectProblem(400, "erase");
		String rep = newRep();
		assertThat(anonymous().as(rep, rep + "-secret").delete("/api/leads/{id}?erase=true", id).status())
			.isEqualTo(403);
		assertThat(admin().lead(id)).isEqualTo(unchanged);
		assertThat(traces(name, email)).isEqualTo(before);

		admin().delete("/api/leads/{id}?erase=true", id).expect(204);

		await().until(() -> state("erase-main-a", id).equals("synced") && state("erase-main-b", id).equals("synced"));
		assertThat(mailChimp.deletes("erase-main-a", hash)).as("deleted for good where MailChimp held the person")
			.hasSize(1);
		assertThat(mailChimp.deletes("erase-main-b", hash))
			.as("asked where MailChimp refused the person; its 404 counts as done")
			.hasSize(1);
		assertThat(mailChimp.deletes()).filteredOn(delete -> delete.listId().startsWith("erase-main-"))
			.extracting(MailChimpFake.Request::subscriberHash)
			.containsExactly(hash, hash);
		assertThat(mailChimp.holdsMember("erase-main-a", hash)).isFalse();
		JsonNode erasure = newestChange("erase-main-a", id);
		assertThat(erasure.path("erase").asBoolean()).isTrue();
		assertThat(erasure.path("attempts").asInt()).isEqualTo(1);
		assertThat(erasure.path("leadName").asText()).isEqualTo(LeadErasure.ERASED_NAME);
		assertThat(erasure.path("email").isNull()).isTrue();

		assertThat(traces(name, email, "Ærlig-Østby", company, phone, externalId)).isEmpty();
		// the webhook deliveries still waiting were dropped; none is left to send
		assertThat(deliveries(id)).isNotEmpty()
			.allSatisfy(delivery -> assertThat(delivery.path("state").asText()).isIn("sent", "failed"))
			.allSatisfy(delivery -> assertThat(delivery.path("target").isNull()).isTrue())
			.anySatisfy(delivery -> assertThat(delivery.path("lastError").asText()).isEqualTo("lead erased"));
		JsonNode dropped = deliveries(id).stream()
			.filter(delivery -> delivery.path("lastError").asText().equals("lead erased"))
			.findFirst()
			.orElseThrow();
		admin().post("/api/deliveries/{id}/retry", "", dropped.path("id").asText()).expectProblem(409, null);

		JsonNode erased = admin().lead(id);
		assertThat(erased.path("name").asText()).isEqualTo("Erased");
		for (String gone : List.of("email", "company", "phone", "externalId")) {
			assertThat(erased.has(gone)).as(gone).isFalse();
		}
		assertThat(erased.path("status").asText()).isEqualTo("lost");
		assertThat(erased.path("closeReason").asText()).isEqualTo("Personal data erased on request");
		assertThat(instant(erased.path("erasedAt"))).isNotNull();
		for (String kept : List.of("value", "currency", "territory", "productLine", "source", "owner", "createdAt",
				"valueTier", "pipeline")) {
			assertThat(erased.path(kept)).as(kept).isEqualTo(unchanged.path(kept));
		}
		assertThat(visits(erased).subList(0, 2)).isEqualTo(visits(unchanged));
		assertThat(taskNames(unchanged)).contains("Call " + name, "Send " + company + " the brochure");
		assertThat(taskNames(erased)).contains("Call [erased]", "Send [erased] the brochure")
			.noneMatch(task -> task.contains("Østby"));
		assertThat(passedStage(erased, "Stage_Offer").path("leftBy").asText()).isEqualTo("lost");
		assertThat(tasks(erased)).isEmpty();
		assertThat(erased.path("stage").isMissingNode()).isTrue();

		for (String engineCall : List.of("/engine-rest/process-instance?businessKey={key}",
				"/engine-rest/history/process-instance?processInstanceBusinessKey={key}",
				"/engine-rest/history/task?processInstanceBusinessKey={key}")) {
			assertThat(ApiClient.list(admin().get(engineCall, id).expect(200))).as(engineCall).isEmpty();
		}
		for (String engineCall : List.of("/engine-rest/history/variable-instance?processInstanceId={pi}",
				"/engine-rest/history/detail?processInstanceId={pi}",
				"/engine-rest/history/user-operation?processInstanceId={pi}",
				"/engine-rest/history/incident?processInstanceId={pi}",
				"/engine-rest/history/job-log?processInstanceId={pi}")) {
			assertThat(ApiClient.list(admin().get(engineCall, processInstance).expect(200))).as(engineCall).isEmpty();
		}

		// the funnel still counts the lead: now lost where it stood, every stage it
		// entered still entered
		JsonNode after = admin().get("/api/insight/funnel?pipeline={p}", pipeline).expect(200);
		assertThat(after.path("leads")).isEqualTo(funnel.path("leads"));
		assertThat(after.path("won").asInt()).isEqualTo(funnel.path("won").asInt());
		assertThat(after.path("lost").asInt()).isEqualTo(funnel.path("lost").asInt() + 1);
		assertThat(after.path("open").asInt()).isEqualTo(funnel.path("open").asInt() - 1);
		List<JsonNode> stagesBefore = ApiClient.list(funnel.path("stages"));
		List<JsonNode> stagesAfter = ApiClient.list(after.path("stages"));
		assertThat(stagesAfter).hasSameSizeAs(stagesBefore);
		for (int i = 0; i < stagesBefore.size(); i++) {
			JsonNode was = stagesBefore.get(i);
			JsonNode is = stagesAfter.get(i);
			assertThat(is.path("entered")).isEqualTo(was.path("entered"));
			assertThat(is.path("movedOn")).isEqualTo(was.path("movedOn"));
			boolean offer = was.path("stageId").asText().equals("Stage_Offer");
			assertThat(is.path("open").asInt()).isEqualTo(was.path("open").asInt() - (offer ? 1 : 0));
			assertThat(is.path("lost").asInt()).isEqualTo(was.path("lost").asInt() + (offer ? 1 : 0));
		}

		// the timeline keeps what happened, when and by whom, without the person
		List<JsonNode> timeline = ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200));
		JsonNode facts = only(timeline, entry -> entry.path("type").asText().equals("facts-reported")
				&& entry.path("detail").has("preferredContact"));
		assertThat(facts.path("detail").properties()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("qualified", "preferredContact", "employees");
		assertThat(facts.path("detail").properties()).allSatisfy(fact -> assertThat(fact.getValue().isNull()).isTrue());
		assertThat(facts.path("actor").asText()).isEqualTo("admin");
		JsonNode last = timeline.get(timeline.size() - 1);
		assertThat(last.path("type").asText()).isEqualTo("erased");
		assertThat(last.path("actor").asText()).isEqualTo("admin");

		// marketing sees the member deleted for good
		JsonNode member = only(
				ApiClient.list(admin().get("/api/lists/erase-main-a/members").expect(200).path("members")),
				m -> m.path("leadId").asText().equals(id));
		assertThat(member.path("erased").asBoolean()).isTrue();
		assertThat(member.path("differs").asBoolean()).isFalse();
		JsonNode audience = only(ApiClient.list(admin().get("/api/lists").expect(200).path("lists")),
				a -> a.path("listId").asText().equals("erase-main-a"));
		assertThat(audience.path("erased").asInt()).isEqualTo(1);
		assertThat(audience.path("subscribed").asInt()).isZero();
		assertThat(page("/lists/erase-main-a")).contains("Delete for good", "Deleted for good", "Erasure of the person",
				LeadErasure.ERASED_NAME);

		// erasing again is harmless: nothing more is asked of MailChimp
		long changes = changes("erase-main-a", id).size();
		admin().delete("/api/leads/{id}?erase=true", id).expect(204);
		assertThat(changes("erase-main-a", id)).hasSize((int) changes);
		assertThat(admin().lead(id)).isEqualTo(erased);
	}

	@Test
	void aLostLeadIsErasedUnderEveryEmailItHadAndInsightIsUnchanged() throws Exception {
		String pipeline = deployOutreach("outreach-lost", "erase-lost-a", "erase-lost-b");
		String name = "Bjørn Ødegård-Ås";
		String first = "bjorn.odegard@first.example";
		String second = "Bjorn.Odegard@Second.Example";
		String company = "Ødegård Kraftverk AS";
		String id = admin()
			.createLead(lead(name, "email", first, "company", company, "value", 80000, "territory", "Troms",
					"productLine", "Services", "source", "Referral", "owner", "admin", "pipeline", pipeline))
			.path("id")
			.asText();
		await().until(() -> state("erase-lost-a", id).equals("synced"));
		admin().patch("/api/leads/{id}", Map.of("email", second), id).expect(200);
		admin().reportFacts(id, Map.of("qualified", true));
		await().until(() -> state("erase-lost-b", id).equals("synced"));
		admin()
			.post("/api/leads/{id}/lost", Map.of("reason", name + " went with a competitor; do not write to " + second),
					id)
			.expect(200);
		JsonNode lost = admin().lead(id);
		Map<String, JsonNode> insight = insight(pipeline, "Troms", "Referral");
		List<Trace> before = traces(name, first, second);
		assertThat(DatabaseScan.places(before, first)).as("the first email, kept by the field change")
			.contains("PW_LEAD_EVENT.DETAIL", "ACT_HI_DETAIL.TEXT_");
		assertThat(DatabaseScan.places(before, second)).contains("PW_LEAD.EMAIL", "PW_LEAD.CLOSE_REASON");

		admin().delete("/api/leads/{id}?erase=true", id).expect(204);

		String firstHash = MailChimp.subscriberHash(first);
		String secondHash = MailChimp.subscriberHash(second);
		await().until(() -> state("erase-lost-a", id).equals("synced") && state("erase-lost-b", id).equals("synced")
				&& newestChange("erase-lost-a", id).path("erase").asBoolean()
				&& newestChange("erase-lost-b", id).path("erase").asBoolean());
		for (String list : List.of("erase-lost-a", "erase-lost-b")) {
			assertThat(mailChimp.deletes(list, firstHash)).as("%s, first email", list).hasSize(1);
			assertThat(mailChimp.deletes(list, secondHash)).as("%s, second email", list).hasSize(1);
		}
		assertThat(mailChimp.holdsMember("erase-lost-a", firstHash)).isFalse();
		assertThat(mailChimp.holdsMember("erase-lost-b", secondHash)).isFalse();
		assertThat(traces(name, first, second, company)).isEmpty();

		JsonNode erased = admin().lead(id);
		assertThat(erased.path("closeReason").asText())
			.isEqualTo("[erased] went with a competitor; do not write to [erased]");
		assertThat(erased.path("closedAt")).isEqualTo(lost.path("closedAt"));
		assertThat(erased.path("status").asText()).isEqualTo("lost");
		assertThat(visits(erased)).isEqualTo(visits(lost));
		assertThat(taskNames(erased)).contains("Call [erased]", "Send [erased] the brochure");
		assertThat(insight(pipeline, "Troms", "Referral")).isEqualTo(insight);
		JsonNode change = only(ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200)),
				entry -> entry.path("type").asText().equals("fields-changed"));
		assertThat(change.path("detail").path("email").path("from").isNull()).isTrue();
		assertThat(change.path("detail").path("email").path("to").isNull()).isTrue();
	}

	@Test
	void aPermanentDeleteWhileMailChimpIsDownIsRetriedAndNeverLost() throws Exception {
		String pipeline = deployOutreach("outreach-down", "erase-down-a", "erase-down-b");
		String email = "kaare.nedetid@down.example";
		String hash = MailChimp.subscriberHash(email);
		String id = admin().createLead(lead("Kåre Nedetid", "email", email, "owner", "admin", "pipeline", pipeline))
			.path("id")
			.asText();
		await().until(() -> state("erase-down-a", id).equals("synced"));
		MockResponse down = MailChimpFake.problem(503, "Service Unavailable", "MailChimp is down for maintenance.");
		MockResponse[] outage = new MockResponse[MAX_ATTEMPTS];
		Arrays.fill(outage, down);
		mailChimp.answerDelete("erase-down-a", hash, outage);

		admin().delete("/api/leads/{id}?erase=true", id).expect(204);

		// retried with backoff until the attempts ran out: failed, shown to marketing
		await().until(() -> state("erase-down-a", id).equals("failed"));
		JsonNode failed = newestChange("erase-down-a", id);
		assertThat(failed.path("erase").asBoolean()).isTrue();
		assertThat(failed.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
		assertThat(failed.path("errorTitle").asText()).isEqualTo("Service Unavailable");
		assertThat(mailChimp.deletes("erase-down-a", hash)).hasSize(MAX_ATTEMPTS);
		assertThat(mailChimp.holdsMember("erase-down-a", hash)).isTrue();

		// MailChimp is back: marketing retries, and the person is deleted for good
		admin().post("/api/lists/changes/{id}/retry", "", failed.path("id").asLong()).expect(200);
		await().until(() -> state("erase-down-a", id).equals("synced"));
		assertThat(mailChimp.deletes("erase-down-a", hash)).hasSize(MAX_ATTEMPTS + 1);
		assertThat(mailChimp.holdsMember("erase-down-a", hash)).isFalse();
	}

	@Test
	void anErasureWithoutTheFlagForAnUnknownLeadOrByAnyoneButAnAdminIsRefusedAndChangesNothing() throws Exception {
		admin().deploy("renewal", "renewal.bpmn", fixture("modeler/two-stage.bpmn")).expect(200);
		String id = admin()
			.createLead(lead("Liv Uendret", "email", "liv@unchanged.example", "owner", "admin", "pipeline", "renewal"))
			.path("id")
			.asText();
		JsonNode before = admin().lead(id);
		String rep = newRep();

		JsonNode noFlag = admin().delete("/api/leads/{id}", id).expectProblem(400, "erase");
		assertThat(noFlag.path("detail").asText()).contains("won or lost", "erase=true");
		admin().delete("/api/leads/{id}?erase=false", id).expectProblem(400, "erase");
		admin().delete("/api/leads/{id}?erase=maybe", id).expectProblem(400, "erase");
		admin().delete("/api/leads/{id}?erase=true", "no-such-lead").expectProblem(404, null);
		assertThat(anonymous().as(rep, rep + "-secret").delete("/api/leads/{id}?erase=true", id).status())
			.isEqualTo(403);
		assertThat(anonymous().delete("/api/leads/{id}?erase=true", id).status()).isEqualTo(401);
		assertThat(admin().lead(id)).isEqualTo(before);
		assertThat(ApiClient.list(admin().get("/engine-rest/process-instance?businessKey={key}", id).expect(200)))
			.hasSize(1);

		// a pipeline that catches no LeadLost: its process is ended, its stage left as
		// lost
		admin().delete("/api/leads/{id}?erase=true", id).expect(204);
		JsonNode erased = admin().lead(id);
		assertThat(erased.path("status").asText()).isEqualTo("lost");
		assertThat(passedStage(erased, "Stage_Review").path("leftBy").asText()).isEqualTo("lost");
		assertThat(ApiClient.list(admin().get("/engine-rest/process-instance?businessKey={key}", id).expect(200)))
			.isEmpty();
		assertThat(traces("Liv Uendret", "liv@unchanged.example")).isEmpty();

		// an erased lead takes no personal data again
		JsonNode refused = admin().patch("/api/leads/{id}", Map.of("name", "Liv Uendret"), id).expectProblem(409, null);
		assertThat(refused.path("type").asText()).endsWith("/lead-erased");
		admin().post("/api/leads/{id}/facts", Map.of("qualified", true), id).expectProblem(409, null);
		assertThat(admin().lead(id)).isEqualTo(erased);
	}

	// ---- the database scan ----

	private List<Trace> traces(String... texts) {
		return DatabaseScan.traces(database, texts);
	}

	// ---- helpers ----

	/** A page as marketing sees it, after logging in through the form, in English. */
	private String page(String path) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		String base = "http://localhost:" + port;
		String login = http
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).as("a CSRF token on the login form").isTrue();
		String form = "username=" + ApiClient.ADMIN + "&password=" + ApiClient.ADMIN_PASSWORD + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", "en").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).as("GET %s", path).isEqualTo(200);
		return page.body();
	}

	/** Deploys a copy of the outreach fixture with this key and audiences; its key. */
	private String deployOutreach(String key, String listA, String listB) {
		String bpmn = new String(fixture("erasure/outreach.bpmn"), StandardCharsets.UTF_8).replace("OUTREACH", key)
			.replace("LIST_A", listA)
			.replace("LIST_B", listB);
		admin().deploy(key, key + ".bpmn", bpmn.getBytes(StandardCharsets.UTF_8)).expect(200);
		return key;
	}

	/** The lead's outbox deliveries, newest first. */
	private List<JsonNode> deliveries(String leadId) {
		return ApiClient.list(admin().get("/api/deliveries?lead={id}&size=200", leadId).expect(200).path("content"));
	}

	/** The lead's changes on the audience, newest first. */
	private List<JsonNode> changes(String listId, String leadId) {
		JsonNode page = admin().get("/api/lists/{list}/changes?size=200", listId).expect(200);
		return ApiClient.list(page.path("content"))
			.stream()
			.filter(change -> change.path("leadId").asText().equals(leadId))
			.toList();
	}

	private JsonNode newestChange(String listId, String leadId) {
		List<JsonNode> changes = changes(listId, leadId);
		assertThat(changes).as("changes of %s on %s", leadId, listId).isNotEmpty();
		return changes.get(0);
	}

	/**
	 * The state of the lead's newest change on the audience; "none" before it has one.
	 */
	private String state(String listId, String leadId) {
		if (admin().get("/api/lists/{list}/changes", listId).status() == 404) {
			return "none";
		}
		List<JsonNode> changes = changes(listId, leadId);
		return changes.isEmpty() ? "none" : changes.get(0).path("state").asText();
	}

	/**
	 * The figures insight shows of the pipeline, whole and filtered by what erasure
	 * keeps.
	 */
	private Map<String, JsonNode> insight(String pipeline, String territory, String source) {
		Map<String, JsonNode> figures = new LinkedHashMap<>();
		figures.put("funnel", admin().get("/api/insight/funnel?pipeline={p}", pipeline).expect(200));
		figures.put("territory",
				admin().get("/api/insight/funnel?pipeline={p}&territory={t}", pipeline, territory).expect(200));
		figures.put("source", admin().get("/api/insight/funnel?pipeline={p}&source={s}", pipeline, source).expect(200));
		figures.put("owner", admin().get("/api/insight/funnel?pipeline={p}&owner=admin", pipeline).expect(200));
		JsonNode plan = admin()
			.get("/api/insight/activity-plan?pipeline={p}&target=1000000&averageDeal=80000", pipeline)
			.expect(200);
		figures.put("plan", plan);
		return figures;
	}

	/** The lead's running process instance, as Cockpit finds it by business key. */
	private String processInstanceOf(String leadId) {
		List<JsonNode> instances = ApiClient
			.list(admin().get("/engine-rest/process-instance?businessKey={key}", leadId).expect(200));
		assertThat(instances).hasSize(1);
		return instances.get(0).path("id").asText();
	}

	/** Passed stages as insight counts them: which, when, and how they were left. */
	private static List<String> visits(JsonNode lead) {
		return stages(lead).stream()
			.map(stage -> stage.path("id").asText() + " " + stage.path("enteredAt").asText() + " "
					+ stage.path("leftAt").asText() + " " + stage.path("leftBy").asText())
			.toList();
	}

	private static List<String> taskNames(JsonNode lead) {
		return stages(lead).stream()
			.flatMap(stage -> ApiClient.list(stage.path("tasks")).stream())
			.map(task -> task.path("name").asText())
			.toList();
	}

}

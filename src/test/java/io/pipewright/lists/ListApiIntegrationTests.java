package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import io.pipewright.lists.mailchimp.MailChimp;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Marketing's API over HTTP: the audiences with their counts, the changes with the stage
 * and pipeline that asked and what MailChimp said, the members, and a retry of a failed
 * change. Each test runs on an audience of its own, a copy of the newsletter fixture.
 */
class ListApiIntegrationTests extends RunningServer {

	static final MailChimpFake mailChimp = new MailChimpFake();

	@DynamicPropertySource
	static void mailChimpServer(DynamicPropertyRegistry registry) throws IOException {
		mailChimp.serve(registry);
		registry.add("pipewright.mailchimp.poll-interval", () -> "200ms");
		registry.add("pipewright.mailchimp.backoff-base", () -> "20ms");
		registry.add("pipewright.mailchimp.backoff-max", () -> "100ms");
	}

	@AfterAll
	static void stopServer() {
		mailChimp.stop();
	}

	@Test
	void anAudienceShowsItsCountsAndEachChangeWithTheStageAndPipelineThatAsked() {
		String pipeline = deployNewsletterOn("aud-counts");
		String liv = createLead(pipeline, "Liv Moe", "liv@moe.example");
		String kari = createLead(pipeline, "Kari Berg", "kari@berg.example");
		awaitChanges("aud-counts", "synced", 2);

		admin().reportFacts(kari, Map.of("qualified", true, "failHere", false));
		awaitChanges("aud-counts", "synced", 3);

		JsonNode lists = admin().get("/api/lists").expect(200);
		assertThat(lists.path("sync").asBoolean()).isTrue();
		JsonNode audience = only(ApiClient.list(lists.path("lists")),
				a -> a.path("listId").asText().equals("aud-counts"));
		assertThat(audience.path("subscribed").asLong()).isEqualTo(1);
		assertThat(audience.path("unsubscribed").asLong()).isEqualTo(1);
		assertThat(audience.path("pending").asLong()).isZero();
		assertThat(audience.path("failed").asLong()).isZero();
		assertThat(instant(audience.path("lastSyncedAt"))).isNotNull();

		JsonNode page = admin().get("/api/lists/aud-counts/changes?size=2").expect(200);
		assertThat(page.path("page").path("totalElements").asLong()).isEqualTo(3);
		assertThat(page.path("page").path("totalPages").asLong()).isEqualTo(2);
		assertThat(page.path("page").path("size").asInt()).isEqualTo(2);
		List<JsonNode> changes = ApiClient.list(page.path("content"));
		assertThat(changes).hasSize(2);
		JsonNode newest = changes.get(0);
		assertThat(newest.path("leadId").asText()).isEqualTo(kari);
		assertThat(newest.path("leadName").asText()).isEqualTo("Kari Berg");
		assertThat(newest.path("company").asText()).isEqualTo("Berg AS");
		assertThat(newest.path("email").asText()).isEqualTo("kari@berg.example");
		assertThat(newest.path("subscribed").asBoolean()).isFalse();
		assertThat(newest.path("stageId").asText()).isEqualTo("Stage_Sell");
		assertThat(newest.path("stageName").asText()).isEqualTo("Sell");
		assertThat(newest.path("pipelineKey").asText()).isEqualTo(pipeline);
		assertThat(newest.path("pipelineName").asText()).isEqualTo("Newsletter");
		assertThat(newest.path("state").asText()).isEqualTo("synced");
		assertThat(instant(newest.path("syncedAt"))).isAfterOrEqualTo(instant(newest.path("requestedAt")));
		assertThat(newest.path("attempts").asInt()).isEqualTo(1);
		assertThat(newest.path("errorTitle").isNull()).isTrue();
		assertThat(changes.get(1).path("id").asLong()).isLessThan(newest.path("id").asLong());

		JsonNode oldest = ApiClient
			.list(admin().get("/api/lists/aud-counts/changes?size=2&page=1").expect(200).path("content"))
			.get(0);
		assertThat(oldest.path("leadId").asText()).isEqualTo(liv);
		assertThat(oldest.path("subscribed").asBoolean()).isTrue();
		assertThat(oldest.path("stageId").asText()).isEqualTo("Stage_Nurture");
		assertThat(ApiClient.list(oldest.path("tags"))).extracting(JsonNode::asText)
			.containsExactly("prospect", "Platform");

		List<JsonNode> members = ApiClient
			.list(admin().get("/api/lists/aud-counts/members").expect(200).path("members"));
		assertThat(members).hasSize(2);
		JsonNode kariMember = only(members, m -> m.path("leadId").asText().equals(kari));
		assertThat(kariMember.path("wantedSubscribed").asBoolean()).isFalse();
		assertThat(kariMember.path("currentSubscribed").asBoolean()).isFalse();
		assertThat(kariMember.path("differs").asBoolean()).isFalse();
	}

	@Test
	void aFailedChangeShowsMailChimpsMessageAndARetrySyncsIt() {
		String pipeline = deployNewsletterOn("aud-failed");
		String email = "ola@fake.example";
		mailChimp.answer("aud-failed", MailChimp.subscriberHash(email), MailChimpFake.problem(400, "Invalid Resource",
				email + " looks fake or invalid, please enter a real email address."));
		String lead = createLead(pipeline, "Ola Fake", email);
		awaitChanges("aud-failed", "failed", 1);

		JsonNode failed = ApiClient
			.list(admin().get("/api/lists/aud-failed/changes?state=failed").expect(200).path("content"))
			.get(0);
		assertThat(failed.path("leadId").asText()).isEqualTo(lead);
		assertThat(failed.path("errorTitle").asText()).isEqualTo("Invalid Resource");
		assertThat(failed.path("errorDetail").asText())
			.isEqualTo(email + " looks fake or invalid, please enter a real email address.");
		assertThat(failed.path("syncedAt").isNull()).isTrue();
		JsonNode audience = only(ApiClient.list(admin().get("/api/lists").expect(200).path("lists")),
				a -> a.path("listId").asText().equals("aud-failed"));
		assertThat(audience.path("failed").asLong()).isEqualTo(1);
		JsonNode member = ApiClient.list(admin().get("/api/lists/aud-failed/members").expect(200).path("members"))
			.get(0);
		assertThat(member.path("wantedSubscribed").asBoolean()).isTrue();
		assertThat(member.path("currentSubscribed").isNull()).isTrue();
		assertThat(member.path("differs").asBoolean()).isTrue();

		long id = failed.path("id").asLong();
		JsonNode retried = admin().post("/api/lists/changes/{id}/retry", "", id).expect(200);
		assertThat(retried.path("state").asText()).isIn("pending", "synced");
		assertThat(retried.path("errorTitle").isNull()).isTrue();

		awaitChanges("aud-failed", "synced", 1);
		admin().post("/api/lists/changes/{id}/retry", "", id).expectProblem(409, null);
	}

	@Test
	void unknownAudiencesAndChangesAndBadPagingAreProblems() {
		admin().get("/api/lists/no-such-audience/changes").expectProblem(404, null);
		admin().get("/api/lists/no-such-audience/members").expectProblem(404, null);
		admin().post("/api/lists/changes/{id}/retry", "", 987654321).expectProblem(404, null);
		admin().get("/api/lists/any/changes?page=-1").expectProblem(400, "page");
		admin().get("/api/lists/any/changes?size=0").expectProblem(400, "size");
		admin().get("/api/lists/any/changes?size=1000").expectProblem(400, "size");
		admin().get("/api/lists/any/changes?page=x").expectProblem(400, "page");
		admin().get("/api/lists/any/changes?state=lost").expectProblem(400, "state");
	}

	@Test
	void theListApiAndMetricsNeedALogin() {
		anonymous().get("/api/lists").expectProblem(401, null);
		anonymous().post("/api/lists/changes/1/retry", "").expectProblem(401, null);
		assertThat(anonymous().get("/actuator/metrics/pipewright.lists.changes").status()).isEqualTo(401);
		anonymous().get("/actuator/health").expect(200);
	}

	@Test
	void actuatorCountsTheChangesByStateAndTimesTheSync() {
		String pipeline = deployNewsletterOn("aud-metrics");
		createLead(pipeline, "Siri Lund", "siri@lund.example");
		awaitChanges("aud-metrics", "synced", 1);

		await().untilAsserted(() -> assertThat(measurement(
				admin().get("/actuator/metrics/pipewright.lists.changes?tag=state:synced").expect(200), "VALUE"))
			.isGreaterThanOrEqualTo(1));
		JsonNode changes = admin().get("/actuator/metrics/pipewright.lists.changes").expect(200);
		assertThat(ApiClient.list(changes.path("availableTags"))).anySatisfy(tag -> {
			assertThat(tag.path("tag").asText()).isEqualTo("state");
			assertThat(ApiClient.list(tag.path("values"))).extracting(JsonNode::asText)
				.contains("pending", "synced", "failed");
		});
		JsonNode latency = admin().get("/actuator/metrics/pipewright.lists.sync.latency").expect(200);
		assertThat(measurement(latency, "COUNT")).isGreaterThanOrEqualTo(1);
		assertThat(measurement(latency, "TOTAL_TIME")).isGreaterThan(0);
	}

	private static double measurement(JsonNode metric, String statistic) {
		return only(ApiClient.list(metric.path("measurements")), m -> m.path("statistic").asText().equals(statistic))
			.path("value")
			.asDouble();
	}

	private String deployNewsletterOn(String listId) {
		return Newsletters.deployOn(admin(), listId);
	}

	private String createLead(String pipeline, String name, String email) {
		return Newsletters.createLead(admin(), pipeline, name, email);
	}

	private void awaitChanges(String listId, String state, int count) {
		await().untilAsserted(() -> assertThat(admin().get("/api/lists/{list}/changes?state={state}", listId, state)
			.expect(200)
			.path("page")
			.path("totalElements")
			.asLong()).isEqualTo(count));
	}

}

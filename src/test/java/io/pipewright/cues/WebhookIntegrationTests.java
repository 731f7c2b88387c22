package io.pipewright.cues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.MockResponse;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outgoing webhooks end to end: an admin registers a receiver (a real HTTP server on
 * localhost, allowed here by {@code pipewright.webhooks.allow-loopback}), leads move, and
 * the receiver gets each event once, signed, with the lead in the body; an outage of the
 * receiver loses nothing and sends nothing twice. Each test has a receiver path of its
 * own.
 */
class WebhookIntegrationTests extends RunningServer {

	static final WebhookReceiver receiver = new WebhookReceiver();

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void fastWorker(DynamicPropertyRegistry registry) {
		registry.add("pipewright.webhooks.allow-loopback", () -> "true");
		registry.add("pipewright.webhooks.connect-timeout", () -> "1s");
		registry.add("pipewright.webhooks.read-timeout", () -> "2s");
		registry.add("pipewright.webhooks.overdue-scan", () -> "200ms");
		registry.add("pipewright.cues.poll-interval", () -> "200ms");
		registry.add("pipewright.cues.backoff-base", () -> "20ms");
		registry.add("pipewright.cues.backoff-max", () -> "200ms");
		registry.add("pipewright.cues.max-attempts", () -> "1000");
	}

	@BeforeAll
	static void startReceiver() throws IOException {
		receiver.start();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop();
	}

	@Test
	void eachEventArrivesOnceSignedWithTheLeadInItsBody() throws Exception {
		JsonNode webhook = admin().post("/api/webhooks",
				Map.of("url", receiver.url("/wins"), "events",
						List.of("lead.created", "stage.entered", "stage.left", "lead.won"), "description",
						"Wins to the team chat"))
			.expect(201);
		String secret = webhook.path("secret").asText();
		assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
		assertThat(webhook.path("events")).hasSize(4);
		String webhookId = webhook.path("id").asText();
		assertThat(admin().get("/api/webhooks/{id}", webhookId).expect(200).has("secret")).isFalse();

		String id = admin()
			.createLead(lead("Fjordkraft Vind AS", "company", "Fjordkraft", "value", 250000, "currency", "NOK", "owner",
					"admin", "pipeline", "new-business"))
			.path("id")
			.asText();
		admin().post("/api/leads/{id}/won", Map.of("value", 260000), id).expect(200);

		await().until(
				() -> events("/wins").containsAll(List.of("lead.created", "stage.entered", "stage.left", "lead.won")));
		List<WebhookReceiver.Received> got = receiver.received("/wins");
		for (WebhookReceiver.Received request : got) {
			assertThat(request.signedWith(secret)).as("signature of %s", request.event()).isTrue();
			assertThat(request.signedWith("whsec_another")).isFalse();
			assertThat(request.contentType()).startsWith("application/json");
			JsonNode body = request.json();
			assertThat(body.path("id").asText()).isEqualTo(request.delivery());
			assertThat(body.path("event").asText()).isEqualTo(request.event());
			assertThat(Instant.parse(body.path("occurredAt").asText())).isNotNull();
			assertThat(body.path("lead").path("id").asText()).isEqualTo(id);
			assertThat(body.path("lead").path("name").asText()).isEqualTo("Fjordkraft Vind AS");
			assertThat(body.path("lead").path("company").asText()).isEqualTo("Fjordkraft");
			assertThat(body.path("lead").path("owner").asText()).isEqualTo("admin");
			assertThat(body.path("lead").path("pipeline").asText()).isEqualTo("new-business");
			assertThat(body.path("lead").path("currency").asText()).isEqualTo("NOK");
		}
		assertThat(got).extracting(WebhookReceiver.Received::delivery).doesNotHaveDuplicates();
		JsonNode won = only(got, "lead.won").json();
		assertThat(won.path("lead").path("status").asText()).isEqualTo("won");
		assertThat(won.path("lead").path("value").decimalValue()).isEqualByComparingTo("260000");
		assertThat(won.path("by").asText()).isEqualTo("admin");
		JsonNode entered = only(got, "stage.entered").json();
		assertThat(entered.path("stage").path("id").asText()).isEqualTo("Stage_Prospecting");
		assertThat(entered.path("stage").path("name").asText()).isNotBlank();
		JsonNode left = only(got, "stage.left").json();
		assertThat(left.path("stage").path("id").asText()).isEqualTo("Stage_Prospecting");
		assertThat(left.path("completed").asBoolean()).isFalse();

		// the admin sees them sent, newest first, and the webhook's last delivery
		List<JsonNode> deliveries = ApiClient
			.list(admin().get("/api/deliveries?lead={id}", id).expect(200).path("content"))
			.stream()
			.filter(delivery -> delivery.path("target").asText().equals(webhookId))
			.toList();
		assertThat(deliveries).hasSize(4)
			.allSatisfy(delivery -> assertThat(delivery.path("state").asText()).isEqualTo("sent"))
			.allSatisfy(delivery -> assertThat(delivery.path("lastStatus").asInt()).isEqualTo(200));
		assertThat(deliveries.get(0).path("kind").asText()).isEqualTo("lead.won");
		await().until(() -> admin().get("/api/webhooks/{id}", webhookId)
			.expect(200)
			.path("lastDelivery")
			.path("state")
			.asText()
			.equals("sent"));
		JsonNode shown = admin().get("/api/webhooks/{id}", webhookId).expect(200);
		assertThat(shown.path("lastDelivery").path("status").asInt()).isEqualTo(200);
		assertThat(shown.path("pending").asInt()).isZero();
		assertThat(shown.path("description").asText()).isEqualTo("Wins to the team chat");

		// the change is audited, the secret never
		JsonNode audit = admin().get("/api/audit").expect(200);
		assertThat(audit.toString()).contains("webhook.created").doesNotContain(secret);
		admin().delete("/api/webhooks/{id}", webhookId).expect(204);
	}

	@Test
	void factsReportedThroughTheApiAndInTasklistAreAnnouncedOnceAReport() {
		admin().post("/api/webhooks", Map.of("url", receiver.url("/facts"), "events", List.of("lead.facts-reported")))
			.expect(201);
		String rep = newRep();
		String id = admin().createLead(lead("Fakta AS", "owner", rep)).path("id").asText();

		admin().reportFacts(id, Map.of("interestConfirmed", true));
		JsonNode meeting = admin().get("/api/leads/{id}", id).expect(200);
		String task = tasks(meeting).get(0).path("id").asText();
		// as Tasklist completes a task with its form's values
		anonymous().as(rep, rep + "-secret")
			.post("/engine-rest/task/{id}/complete",
					Map.of("variables",
							Map.of("meetingAgreed", Map.of("value", true, "type", "Boolean"), "preferredContact",
									Map.of("value", "phone", "type", "String"))),
					task)
			.expect(204);

		await().until(() -> receiver.received("/facts").size() >= 2);
		List<WebhookReceiver.Received> got = receiver.received("/facts");
		assertThat(got).hasSize(2).allSatisfy(request -> {
			assertThat(request.event()).isEqualTo("lead.facts-reported");
			assertThat(request.json().path("lead").path("id").asText()).isEqualTo(id);
		});
		JsonNode api = got.stream()
			.map(WebhookReceiver.Received::json)
			.filter(body -> body.path("by").asText().equals("admin"))
			.findFirst()
			.orElseThrow();
		assertThat(api.path("facts").path("interestConfirmed").asBoolean()).isTrue();
		assertThat(api.path("facts")).hasSize(1);
		JsonNode form = got.stream()
			.map(WebhookReceiver.Received::json)
			.filter(body -> body.path("by").asText().equals(rep))
			.findFirst()
			.orElseThrow();
		assertThat(form.path("facts").path("meetingAgreed").asBoolean()).isTrue();
		assertThat(form.path("facts").path("preferredContact").asText()).isEqualTo("phone");
		assertThat(form.path("facts")).hasSize(2);
		// sent when the form's transaction committed: the lead has moved on by then
		assertThat(form.path("lead").path("stage").path("id").asText()).isEqualTo("Stage_FirstVisit");
	}

	@Test
	void anOutageOfTheReceiverLosesNothingAndSendsNothingTwice() throws Exception {
		JsonNode webhook = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/outage"), "events", List.of("lead.created")))
			.expect(201);
		String webhookId = webhook.path("id").asText();
		// first down for maintenance, asking for a short wait
		receiver.answer(path("/outage",
				request -> new MockResponse.Builder().code(503)
					.setHeader("Retry-After", "0")
					.body("maintenance")
					.build()));
		List<String> leads = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			leads.add(admin().createLead(lead(unique("Outage lead "), "owner", "admin")).path("id").asText());
		}
		await().until(() -> receiver.received("/outage").size() >= 10);
		JsonNode pending = admin().get("/api/webhooks/{id}", webhookId).expect(200);
		assertThat(pending.path("pending").asInt()).isEqualTo(5);
		assertThat(pending.path("lastDelivery").path("status").asInt()).isEqualTo(503);
		assertThat(pending.path("lastDelivery").path("error").asText()).contains("503", "maintenance");
		assertThat(pending.path("lastDelivery").path("state").asText()).isEqualTo("pending");

		// then gone altogether: connections refused
		receiver.stop();
		await().until(() -> admin().get("/api/webhooks/{id}", webhookId)
			.expect(200)
			.path("lastDelivery")
			.path("error")
			.asText()
			.startsWith("Could not reach the receiver"));
		List<JsonNode> waiting = ApiClient
			.list(admin().get("/api/deliveries?state=pending&channel=webhook").expect(200).path("content"));
		assertThat(waiting).hasSize(5);

		// and back: each lead's delivery arrives, once
		receiver.answer(200);
		receiver.start();
		await().until(() -> ApiClient
			.list(admin().get("/api/deliveries?state=pending&channel=webhook").expect(200).path("content"))
			.isEmpty());
		// taken once each: one 200 per delivery id, after the 503s and refused
		// connections
		Map<String, Long> accepted = receiver.received("/outage")
			.stream()
			.filter(request -> request.answered() == 200)
			.collect(Collectors.groupingBy(WebhookReceiver.Received::delivery, Collectors.counting()));
		assertThat(accepted).hasSize(5).allSatisfy((delivery, times) -> assertThat(times).isEqualTo(1));
		Set<String> announced = receiver.received("/outage")
			.stream()
			.map(request -> request.json().path("lead").path("id").asText())
			.collect(Collectors.toSet());
		assertThat(announced).containsExactlyInAnyOrderElementsOf(leads);
		// each was tried during the outage, and taken once it was over
		long afterOutage = ApiClient
			.list(admin().get("/api/deliveries?channel=webhook&size=200").expect(200).path("content"))
			.stream()
			.filter(delivery -> leads.contains(delivery.path("leadId").asText()))
			.peek(delivery -> assertThat(delivery.path("state").asText()).isEqualTo("sent"))
			.peek(delivery -> assertThat(delivery.path("attempts").asInt()).isGreaterThan(1))
			.count();
		assertThat(afterOutage).isEqualTo(5);
		admin().delete("/api/webhooks/{id}", webhookId).expect(204);
	}

	@Test
	void aRefusedDeliveryFailsAndAnAdminRetriesItAndADeletedWebhooksPendingOnesFail() throws Exception {
		JsonNode webhook = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/gone"), "events", List.of("ping")))
			.expect(201);
		String webhookId = webhook.path("id").asText();
		receiver.answer(path("/gone", request -> new MockResponse.Builder().code(410).body("no such hook").build()));
		String delivery = admin().post("/api/webhooks/{id}/test", "", webhookId).expect(202).path("delivery").asText();
		await().until(() -> state(delivery).equals("failed"));
		JsonNode failed = delivery(delivery);
		assertThat(failed.path("lastStatus").asInt()).isEqualTo(410);
		assertThat(failed.path("lastError").asText()).contains("410", "no such hook");
		assertThat(failed.path("attempts").asInt()).isEqualTo(1);
		JsonNode ping = receiver.received("/gone").get(0).json();
		assertThat(ping.path("event").asText()).isEqualTo("ping");
		assertThat(ping.path("webhook").path("id").asText()).isEqualTo(webhookId);

		// the receiver is fixed; the admin retries
		receiver.answer(200);
		admin().post("/api/deliveries/{id}/retry", "", delivery).expect(200);
		await().until(() -> state(delivery).equals("sent"));
		assertThat(delivery(delivery).path("attempts").asInt()).isEqualTo(1);
		assertThat(admin().post("/api/deliveries/{id}/retry", "", delivery)
			.expectProblem(409, null)
			.path("detail")
			.asText()).contains("sent");
		admin().post("/api/deliveries/{id}/retry", "", "987654321").expectProblem(404, null);

		// down again: a ping waits, then the webhook is deleted and it fails, saying so
		receiver.answer(path("/gone", request -> new MockResponse.Builder().code(500).build()));
		String waiting = admin().post("/api/webhooks/{id}/test", "", webhookId).expect(202).path("delivery").asText();
		await().until(() -> delivery(waiting).path("attempts").asInt() >= 2);
		admin().delete("/api/webhooks/{id}", webhookId).expect(204);
		await().until(() -> state(waiting).equals("failed"));
		assertThat(delivery(waiting).path("lastError").asText()).isEqualTo("webhook deleted");
		admin().get("/api/webhooks/{id}", webhookId).expectProblem(404, null);
		admin().delete("/api/webhooks/{id}", webhookId).expectProblem(404, null);
		assertThat(ApiClient.list(admin().get("/api/webhooks").expect(200)))
			.noneMatch(hook -> hook.path("id").asText().equals(webhookId));
		assertThat(admin().get("/api/audit").expect(200).toString()).contains("webhook.deleted", "webhook.tested");
		receiver.answer(200);
	}

	@Test
	void aWebhookHearsOfLeadsAtOnceAfterItIsCreatedAndNoneOnceItIsDeleted() {
		// the subscriptions are remembered a moment between events: a change is seen at
		// once all the same
		admin().createLead(lead("Before AS", "owner", "admin", "pipeline", "new-business"));
		String webhookId = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/brief"), "events", List.of("lead.created")))
			.expect(201)
			.path("id")
			.asText();
		String heard = admin().createLead(lead("Heard AS", "owner", "admin", "pipeline", "new-business"))
			.path("id")
			.asText();
		admin().delete("/api/webhooks/{id}", webhookId).expect(204);
		String unheard = admin().createLead(lead("Unheard AS", "owner", "admin", "pipeline", "new-business"))
			.path("id")
			.asText();

		assertThat(deliveriesTo(webhookId, heard)).hasSize(1);
		assertThat(deliveriesTo(webhookId, unheard)).isEmpty();
	}

	private List<JsonNode> deliveriesTo(String webhookId, String leadId) {
		return ApiClient.list(admin().get("/api/deliveries?lead={id}", leadId).expect(200).path("content"))
			.stream()
			.filter(delivery -> delivery.path("target").asText().equals(webhookId))
			.toList();
	}

	@Test
	void anOverdueTaskIsAnnouncedOnceToEachWebhook() throws Exception {
		admin().deploy("renewal", "renewal.bpmn", fixture("modeler/two-stage.bpmn")).expect(200);
		JsonNode first = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/overdue-a"), "events", List.of("task.overdue")))
			.expect(201);
		JsonNode second = admin()
			.post("/api/webhooks", Map.of("url", receiver.url("/overdue-b"), "events", List.of("task.overdue")))
			.expect(201);
		String id = admin().createLead(lead("Forfall AS", "owner", "admin", "pipeline", "renewal")).path("id").asText();
		assertThat(tasks(admin().lead(id))).hasSize(2);
		assertThat(receiver.received("/overdue-a")).isEmpty();
		try {
			// ten days on, on the engine's clock (this JVM's: the server runs in it):
			// both of the stage's tasks are overdue
			ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(10))));
			// other tests' leads have tasks overdue too: this lead's count here
			await().until(() -> about(id, "/overdue-a").size() >= 2 && about(id, "/overdue-b").size() >= 2);
			// scans go on; none announces a task again
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> about(id, "/overdue-a").size() == 2 && about(id, "/overdue-b").size() == 2);
		}
		finally {
			ClockUtil.reset();
		}
		JsonNode overdue = about(id, "/overdue-a").get(0).json();
		assertThat(overdue.path("event").asText()).isEqualTo("task.overdue");
		assertThat(overdue.path("lead").path("id").asText()).isEqualTo(id);
		assertThat(overdue.path("task").path("name").asText()).isIn("Call the customer about the renewal",
				"Prepare the renewal quote");
		assertThat(Instant.parse(overdue.path("task").path("dueAt").asText())).isNotNull();
		assertThat(about(id, "/overdue-a").stream().map(r -> r.json().path("task").path("id").asText()))
			.doesNotHaveDuplicates();
		assertThat(receiver.received("/overdue-a")).allMatch(r -> r.signedWith(first.path("secret").asText()));
		assertThat(receiver.received("/overdue-b")).allMatch(r -> r.signedWith(second.path("secret").asText()));
		admin().delete("/api/webhooks/{id}", first.path("id").asText()).expect(204);
		admin().delete("/api/webhooks/{id}", second.path("id").asText()).expect(204);
	}

	@Test
	void aUrlThatIsNoHttpOrPointsAtTheServerAndUnknownEventsAreRefused() {
		int before = ApiClient.list(admin().get("/api/webhooks").expect(200)).size();
		for (String url : List.of("ftp://files.example.com/hook", "file:///etc/passwd", "javascript:alert(1)",
				"/api/relative", "chat.example.com/hook", "https://user:secret@chat.example.com/hook",
				"http://localhost:" + port + "/api/leads", "http://127.0.0.1:" + port + "/api/leads",
				"http://[::1]:" + port + "/", "http://0.0.0.0:" + port + "/", "http://LOCALHOST:" + port + "/",
				"http://2130706433:" + port + "/", "https://", "http://exa mple.com/", "")) {
			JsonNode problem = admin().post("/api/webhooks", Map.of("url", url, "events", List.of("lead.won")))
				.expectProblem(400, "url");
			assertThat(problem.path("detail").asText()).as(url).isNotBlank();
		}
		assertThat(admin()
			.post("/api/webhooks", Map.of("url", "http://localhost:" + port + "/", "events", List.of("lead.won")))
			.expectProblem(400, "url")
			.toString()).contains("this server");
		JsonNode unknown = admin()
			.post("/api/webhooks",
					Map.of("url", "https://chat.example.com/hook", "events", List.of("lead.won", "lead.exploded")))
			.expectProblem(400, "events[1]");
		assertThat(unknown.path("detail").asText()).contains("lead.exploded", "lead.created", "task.overdue",
				"list-change.failed");
		admin().post("/api/webhooks", Map.of("url", "https://chat.example.com/hook", "events", List.of()))
			.expectProblem(400, "events");
		admin().post("/api/webhooks", Map.of("url", "https://chat.example.com/hook")).expectProblem(400, "events");
		admin().post("/api/webhooks", Map.of("url", "https://chat.example.com/hook", "events", "lead.won"))
			.expectProblem(400, "events");
		admin()
			.post("/api/webhooks", Map.of("url", "https://chat.example.com/hook", "events", List.of("ping"),
					"description", "x".repeat(501)))
			.expectProblem(400, "description");
		admin().post("/api/webhooks/{id}/test", "", "not-a-number").expectProblem(404, null);
		admin().get("/api/deliveries?state=lost").expectProblem(400, "state");
		assertThat(ApiClient.list(admin().get("/api/webhooks").expect(200))).hasSize(before);
	}

	@Test
	void aDuplicateDedupKeyRecordsNothingAndLeavesTheCallersTransactionWhole() throws Exception {
		String key = unique("digest-");
		CountDownLatch firstRecorded = new CountDownLatch(1);
		CountDownLatch secondAsking = new CountDownLatch(1);
		ExecutorService node = Executors.newSingleThreadExecutor();
		try {
			// another node records it and commits while this one asks for it too
			Future<Boolean> first = node.submit(() -> transaction.execute(status -> {
				boolean recorded = outbox.enqueue("nowhere", "digest", "nobody", "{}", null, key);
				firstRecorded.countDown();
				await().until(() -> secondAsking.getCount() == 0);
				return recorded;
			}));
			Boolean second = transaction.execute(status -> {
				await().until(() -> firstRecorded.getCount() == 0);
				secondAsking.countDown();
				boolean recorded = outbox.enqueue("nowhere", "digest", "nobody", "{}", null, key);
				// the caller's transaction goes on, and commits what else it wrote
				outbox.enqueue("nowhere", "digest", "nobody", "{}", null, key + "-other");
				return recorded;
			});
			assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
			assertThat(second).isFalse();
		}
		finally {
			node.shutdownNow();
		}
		assertThat(
				jdbc.sql("select count(*) from pw_delivery where dedup_key = ?").param(key).query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from pw_delivery where dedup_key = ?")
			.param(key + "-other")
			.query(Long.class)
			.single()).isEqualTo(1);
		// a channel no bean serves (mail, on a server without it): it waits, pending
		assertThat(ApiClient.list(admin().get("/api/deliveries?channel=nowhere").expect(200).path("content")))
			.hasSize(2)
			.allSatisfy(delivery -> assertThat(delivery.path("state").asText()).isEqualTo("pending"));
	}

	// ---- helpers ----

	/** What the receiver got on this path about the lead. */
	private static List<WebhookReceiver.Received> about(String leadId, String path) {
		return receiver.received(path)
			.stream()
			.filter(request -> request.json().path("lead").path("id").asText().equals(leadId))
			.toList();
	}

	private static List<String> events(String path) {
		return receiver.received(path).stream().map(WebhookReceiver.Received::event).toList();
	}

	private static WebhookReceiver.Received only(List<WebhookReceiver.Received> received, String event) {
		List<WebhookReceiver.Received> found = received.stream().filter(r -> event.equals(r.event())).toList();
		assertThat(found).as("one %s in %s", event, received).hasSize(1);
		return found.get(0);
	}

	/** Answers on this path as given; 200 elsewhere. */
	private static Function<WebhookReceiver.Received, MockResponse> path(String path,
			Function<WebhookReceiver.Received, MockResponse> answer) {
		return request -> request.path().equals(path) ? answer.apply(request)
				: new MockResponse.Builder().code(200).build();
	}

	private JsonNode delivery(String id) {
		return ApiClient.list(admin().get("/api/deliveries?size=200").expect(200).path("content"))
			.stream()
			.filter(delivery -> delivery.path("id").asText().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no delivery " + id));
	}

	private String state(String id) {
		return delivery(id).path("state").asText();
	}

}

package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.lead.LeadService;
import io.pipewright.lead.LeadView;
import io.pipewright.lead.NewLead;
import io.pipewright.lists.mailchimp.MailChimp;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import io.pipewright.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sync worker against a server that answers as MailChimp does: what it sends, what it
 * retries, what it gives up on, and that several nodes on one database never send a
 * change twice at once nor lose one.
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "pipewright.admin.password=lists-secret", "pipewright.mailchimp.concurrency=5",
		// a read timeout well above the fake's answers even on a busy machine: a late
		// answer
		// is sent again, and the tests of exactly once would see it twice
		"pipewright.mailchimp.connect-timeout=1s", "pipewright.mailchimp.read-timeout=3s",
		"pipewright.mailchimp.max-attempts=4", "pipewright.mailchimp.backoff-base=20ms",
		"pipewright.mailchimp.backoff-max=100ms", "pipewright.mailchimp.poll-interval=200ms",
		// up to 200 changes for one audience take the single-member path here
		"pipewright.mailchimp.batch-threshold=250" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListSyncIntegrationTests {

	static final MailChimpFake mailChimp = new MailChimpFake();

	@DynamicPropertySource
	static void mailChimpServer(DynamicPropertyRegistry registry) throws Exception {
		TestDatabases.fresh().register(registry);
		mailChimp.serve(registry);
	}

	@AfterAll
	static void stopServer() {
		mailChimp.stop();
	}

	@Autowired
	LeadService leads;

	@Autowired
	ListMemberships memberships;

	@Autowired
	ListSync sync;

	@Autowired
	MailChimpProperties properties;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	RepositoryService repository;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeAll
	void deploy() {
		repository.createDeployment().addClasspathResource("lists/newsletter.bpmn").deploy();
	}

	@BeforeEach
	void resetMailChimp() {
		mailChimp.reset();
	}

	@Test
	void aPersonAlreadyOnTheAudienceIsUpdatedNotRefusedAsAnExistingMember() throws Exception {
		mailChimp.holds("a1b2c3d4e5", "kari@already.example");
		HttpResponse<String> plainAdd = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(mailChimp.url("/3.0/lists/a1b2c3d4e5/members").uri())
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"email_address\":\"kari@already.example\",\"status\":\"subscribed\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(plainAdd.statusCode()).as("what a plain add would get").isEqualTo(400);
		assertThat(plainAdd.body()).contains("Member Exists");
		mailChimp.reset();

		LeadView lead = create("sync-existing", "Kari Berg", "kari@already.example");

		awaitState(lead.id(), ListMemberships.SYNCED);
		assertThat(mailChimp.puts(MailChimp.subscriberHash("kari@already.example"))).hasSize(1);
		assertThat(mailChimp.plainAdds).as("the worker adds or updates, never a plain add").hasValue(0);
	}

	@Test
	void aStageSubscribesTheLeadWithItsNameCompanyAndTags() {
		LeadView lead = create("sync-1", "Liv Moe", "Liv.Moe@Moe.Example");

		Change change = awaitState(lead.id(), ListMemberships.SYNCED);

		String hash = "4240a648c21ccbe95ecb2e6dc03d4694"; // MD5 of liv.moe@moe.example
		assertThat(MailChimp.subscriberHash("Liv.Moe@Moe.Example")).isEqualTo(hash);
		assertThat(mailChimp.requests).hasSize(2);
		MailChimpFake.Request put = mailChimp.requests.get(0);
		assertThat(put.method()).isEqualTo("PUT");
		assertThat(put.listId()).isEqualTo("a1b2c3d4e5");
		assertThat(put.subscriberHash()).isEqualTo(hash);
		assertThat(put.tags()).isFalse();
		assertThat(password(put.authorization())).isEqualTo(mailChimp.apiKey());
		assertThat(put.body().path("email_address").asText()).isEqualTo("Liv.Moe@Moe.Example");
		assertThat(put.body().path("status").asText()).isEqualTo("subscribed");
		assertThat(put.body().path("status_if_new").asText()).isEqualTo("subscribed");
		assertThat(put.body().path("merge_fields").path("FNAME").asText()).isEqualTo("Liv");
		assertThat(put.body().path("merge_fields").path("LNAME").asText()).isEqualTo("Moe");
		assertThat(put.body().path("merge_fields").path("COMPANY").asText()).isEqualTo("Moe AS");

		MailChimpFake.Request tags = mailChimp.requests.get(1);
		assertThat(tags.method()).isEqualTo("POST");
		assertThat(tags.tags()).isTrue();
		assertThat(tags.subscriberHash()).isEqualTo(hash);
		assertThat(password(tags.authorization())).isEqualTo(mailChimp.apiKey());
		assertThat(tags.body().path("tags").toString())
			.isEqualTo("[{\"name\":\"prospect\",\"status\":\"active\"},{\"name\":\"Platform\",\"status\":\"active\"}]");

		assertThat(change.syncedAt()).isNotNull();
		assertThat(change.attempts()).isEqualTo(1);
		assertThat(change.claimedBy()).isNull();
	}

	@Test
	void aLaterStageUnsubscribesTheLead() {
		LeadView lead = create("sync-2", "Kari Nordmann Berg", "kari@berg.example");
		awaitState(lead.id(), ListMemberships.SYNCED);

		leads.reportFacts(lead.id(), Map.of("qualified", true, "failHere", false), "admin");

		await().until(() -> changes(lead.id()).size() == 2 && changes(lead.id()).get(1).state().equals("synced"));
		List<MailChimpFake.Request> puts = mailChimp.puts(MailChimp.subscriberHash("kari@berg.example"));
		assertThat(puts).extracting(MailChimpFake.Request::status).containsExactly("subscribed", "unsubscribed");
		assertThat(puts.get(1).body().path("status_if_new").asText()).isEqualTo("unsubscribed");
		assertThat(puts.get(0).body().path("merge_fields").path("LNAME").asText()).isEqualTo("Nordmann Berg");
	}

	@Test
	void onlyTheNewestChangeOfALeadAndListIsSent() {
		String lead = lead("Ola Hansen", "ola@hansen.example");
		transaction.executeWithoutResult(tx -> {
			memberships.want(new WantedMembership(lead, "coalesce", true, List.of("prospect"), "p", "Stage_A"));
			memberships.want(new WantedMembership(lead, "coalesce", false, List.of(), "p", "Stage_B"));
		});

		await().until(() -> changes(lead).get(1).state().equals("synced"));

		assertThat(changes(lead)).extracting(Change::state).containsExactly("superseded", "synced");
		assertThat(mailChimp.requests).singleElement().satisfies(put -> {
			assertThat(put.method()).isEqualTo("PUT");
			assertThat(put.status()).isEqualTo("unsubscribed");
		});
	}

	@Test
	void throttlingIsRetried() {
		String email = "throttled@example.org";
		mailChimp.answer("retry", MailChimp.subscriberHash(email), MailChimpFake.problem(429, "Too Many Requests",
				"You have exceeded the limit of 10 simultaneous connections."));
		String lead = want(email, "retry");

		Change change = awaitState(lead, ListMemberships.SYNCED);

		assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).hasSize(2);
		assertThat(change.attempts()).isEqualTo(2);
	}

	@Test
	void serverErrorsAreRetried() {
		String email = "unavailable@example.org";
		MockResponse unavailable = MailChimpFake.json(503, "<html><body>Service Unavailable</body></html>");
		mailChimp.answer("retry", MailChimp.subscriberHash(email), unavailable, unavailable);
		String lead = want(email, "retry");

		awaitState(lead, ListMemberships.SYNCED);

		assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).hasSize(3);
	}

	@Test
	void anAnswerSlowerThanTheReadTimeoutIsRetried() {
		String email = "slow@example.org";
		mailChimp.answer("retry", MailChimp.subscriberHash(email),
				new MockResponse.Builder().code(200).body("{}").headersDelay(3500, TimeUnit.MILLISECONDS).build());
		String lead = want(email, "retry");

		Change change = awaitState(lead, ListMemberships.SYNCED);

		assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).hasSizeGreaterThanOrEqualTo(2);
		assertThat(change.attempts()).isEqualTo(2);
	}

	@Test
	void aDroppedConnectionIsRetried() {
		String email = "dropped@example.org";
		mailChimp.answer("retry", MailChimp.subscriberHash(email),
				new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build(),
				new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
		String lead = want(email, "retry");

		awaitState(lead, ListMemberships.SYNCED);

		// OkHttp itself retries a drop on a pooled connection, so whose retry got through
		// varies; what counts is that the change is neither lost nor failed
		assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void anEmailMailChimpCallsFakeFailsAtOnceWithItsReason() {
		String email = "liv@fake.example";
		mailChimp.answer("refused", MailChimp.subscriberHash(email), MailChimpFake.problem(400, "Invalid Resource",
				email + " looks fake or invalid, please enter a real email address."));
		String lead = want(email, "refused");

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.errorTitle()).isEqualTo("Invalid Resource");
		assertThat(change.errorDetail())
			.isEqualTo("liv@fake.example looks fake or invalid, please enter a real email address.");
		assertThat(change.attempts()).isEqualTo(1);
		assertNoMoreRequestsFor(email, 1);
	}

	@Test
	void aForgottenEmailIsNotAddedAgain() {
		String email = "forgotten@example.org";
		mailChimp.answer("refused", MailChimp.subscriberHash(email), MailChimpFake
			.problem(400, "Forgotten Email Not Subscribed", email
					+ " was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list."));
		String lead = want(email, "refused");

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.errorTitle()).isEqualTo("Forgotten Email Not Subscribed");
		assertNoMoreRequestsFor(email, 1);
	}

	@Test
	void anUnknownAudienceFails() {
		String email = "nolist@example.org";
		mailChimp.answer("no-such-list", MailChimp.subscriberHash(email),
				MailChimpFake.problem(404, "Resource Not Found", "The requested resource could not be found."));
		String lead = want(email, "no-such-list");

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.errorTitle()).isEqualTo("Resource Not Found");
		assertThat(change.errorDetail()).isEqualTo("The requested resource could not be found.");
		assertNoMoreRequestsFor(email, 1);
	}

	@Test
	void aBadKeyFails() {
		String email = "badkey@example.org";
		mailChimp.answer("refused", MailChimp.subscriberHash(email), MailChimpFake.problem(401, "API Key Invalid",
				"Your API key may be invalid, or you've attempted to access the wrong datacenter."));
		String lead = want(email, "refused");

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.errorTitle()).isEqualTo("API Key Invalid");
		assertThat(change.errorDetail()).startsWith("Your API key may be invalid");
		assertNoMoreRequestsFor(email, 1);
	}

	@Test
	void aChangeThatKeepsMeetingServerErrorsFailsWithTheLastError() {
		String email = "broken@example.org";
		String hash = MailChimp.subscriberHash(email);
		MockResponse error = MailChimpFake.problem(500, "Internal Server Error",
				"An unexpected internal error has occurred. Please contact Support for more information.");
		mailChimp.answer("retry", hash, error, error, error);
		mailChimp.answer("retry", hash, MailChimpFake.problem(500, "Internal Server Error", "The fourth try."));
		String lead = want(email, "retry");

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.attempts()).isEqualTo(properties.maxAttempts());
		assertThat(change.errorTitle()).isEqualTo("Internal Server Error");
		assertThat(change.errorDetail()).isEqualTo("The fourth try.");
		assertNoMoreRequestsFor(email, 4);
	}

	@Test
	void aLeadWithoutAnEmailFailsWithoutAsking() {
		String lead = lead("No Mail", null);
		memberships.want(new WantedMembership(lead, "refused", true, List.of(), "p", "Stage_A"));

		Change change = awaitState(lead, ListMemberships.FAILED);

		assertThat(change.errorTitle()).isEqualTo("No email address");
		assertThat(mailChimp.requests).isEmpty();
	}

	@Test
	void aFailedChangeCanBeRetried() {
		String email = "retried@example.org";
		mailChimp.answer("refused", MailChimp.subscriberHash(email),
				MailChimpFake.problem(404, "Resource Not Found", "The requested resource could not be found."));
		String lead = want(email, "refused");
		Change failed = awaitState(lead, ListMemberships.FAILED);

		assertThat(sync.retry(failed.id())).isTrue();

		Change synced = awaitState(lead, ListMemberships.SYNCED);
		assertThat(synced.attempts()).isEqualTo(1);
		assertThat(synced.errorTitle()).isNull();
		assertThat(sync.retry(failed.id())).isFalse();
	}

	@Test
	void neverMoreRequestsAtOnceThanTheConcurrencyAllows() {
		mailChimp.latency(Duration.ofMillis(200));
		List<String> leadIds = IntStream.range(0, 30).mapToObj(i -> want("many" + i + "@example.org", "many")).toList();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> leadIds.stream().allMatch(id -> changes(id).get(0).state().equals("synced")));

		assertThat(mailChimp.mostInFlight()).isLessThanOrEqualTo(properties.concurrency())
			// and the worker does use what it may
			.isGreaterThan(1);
		assertThat(mailChimp.requests).hasSize(30);
		// below the batch threshold: one call per member
		assertThat(mailChimp.batches).isEmpty();
	}

	@Test
	void aBacklogGoesOutInBatchCallsOfAtMost500() {
		List<String> emails = IntStream.range(0, 1200).mapToObj(i -> "backlog" + i + "@example.org").toList();
		long timedBefore = meters.get("pipewright.lists.sync.latency").timer().count();

		backlog("backlog", emails, List.of("import", "Platform"));

		awaitNonePending("backlog");
		assertThat(count("backlog", ListMemberships.SYNCED)).isEqualTo(1200);
		// timed just after the batch's rows are marked synced: wait for the last batch's
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.get("pipewright.lists.sync.latency").timer().count() - timedBefore)
				.as("each batched change is timed too")
				.isEqualTo(1200));
		assertThat(mailChimp.batches).extracting(batch -> batch.emails().size())
			.containsExactlyInAnyOrder(500, 500, 200);
		assertThat(mailChimp.batches).flatExtracting(MailChimpFake.Batch::emails)
			.containsExactlyInAnyOrderElementsOf(emails);
		assertThat(mailChimp.requests).as("no call per member").isEmpty();
		assertThat(mailChimp.overlaps).isEmpty();
		assertThat(mailChimp.mostInFlight()).isLessThanOrEqualTo(properties.concurrency());
		MailChimpFake.Batch first = mailChimp.batches.get(0);
		assertThat(first.listId()).isEqualTo("backlog");
		assertThat(password(first.authorization())).isEqualTo(mailChimp.apiKey());
		assertThat(first.body().path("update_existing").asBoolean()).isTrue();
		String email = first.emails().get(0);
		var member = first.member(email);
		assertThat(member.path("status").asText()).isEqualTo("subscribed");
		assertThat(member.path("status_if_new").asText()).isEqualTo("subscribed");
		assertThat(member.path("merge_fields").path("FNAME").asText()).isEqualTo("Backlog");
		assertThat(member.path("merge_fields").path("LNAME").asText()).isEqualTo("Lead");
		assertThat(member.path("merge_fields").path("COMPANY").asText()).isEqualTo("Test AS");
		// MailChimp adds batch tags to existing members too (since January 2022)
		assertThat(member.path("tags").toString()).isEqualTo("[\"import\",\"Platform\"]");
	}

	@Test
	void aMemberMailChimpRefusesInABatchFailsAloneWithItsText() {
		List<String> emails = new ArrayList<>(
				IntStream.range(0, 299).mapToObj(i -> "refusal" + i + "@example.org").toList());
		emails.add(150, "liv@fake.example");

		List<String> leadIds = backlog("refusals", emails, List.of());

		awaitNonePending("refusals");
		Change refused = changes(leadIds.get(150)).get(0);
		assertThat(refused.state()).isEqualTo(ListMemberships.FAILED);
		assertThat(refused.errorTitle()).isEqualTo("ERROR_GENERIC");
		assertThat(refused.errorDetail())
			.isEqualTo("liv@fake.example looks fake or invalid, please enter a real email address.");
		assertThat(refused.attempts()).isEqualTo(1);
		assertThat(count("refusals", ListMemberships.SYNCED)).isEqualTo(299);
		// a member-level refusal is not retried, in a batch or alone
		await().during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.until(() -> mailChimp.batches.size() == 1 && mailChimp.requests.isEmpty());
	}

	@Test
	void aBatchThatMeetsAServerErrorIsRetriedWhole() {
		mailChimp.answerBatch("flaky", MailChimpFake.json(503, "<html><body>Service Unavailable</body></html>"));
		List<String> emails = IntStream.range(0, 300).mapToObj(i -> "flaky" + i + "@example.org").toList();

		List<String> leadIds = backlog("flaky", emails, List.of());

		awaitNonePending("flaky");
		assertThat(count("flaky", ListMemberships.SYNCED)).isEqualTo(300);
		assertThat(mailChimp.batches).hasSize(2);
		assertThat(mailChimp.batches.get(1).emails()).containsExactlyInAnyOrderElementsOf(emails);
		assertThat(changes(leadIds.get(0)).get(0).attempts()).isEqualTo(2);
		assertThat(mailChimp.requests).isEmpty();
	}

	@Test
	void aBatchMailChimpRefusesWholeFailsEveryChangeWithItsProblem() {
		mailChimp.answerBatch("gone",
				MailChimpFake.problem(404, "Resource Not Found", "The requested resource could not be found."));
		List<String> emails = IntStream.range(0, 260).mapToObj(i -> "gone" + i + "@example.org").toList();

		List<String> leadIds = backlog("gone", emails, List.of());

		awaitNonePending("gone");
		assertThat(count("gone", ListMemberships.FAILED)).isEqualTo(260);
		Change change = changes(leadIds.get(7)).get(0);
		assertThat(change.errorTitle()).isEqualTo("Resource Not Found");
		assertThat(change.errorDetail()).isEqualTo("The requested resource could not be found.");
		assertThat(mailChimp.batches).hasSize(1);
	}

	@Test
	void twoNodesOnOneDatabaseSendEveryChangeOnceAndLoseNone() {
		mailChimp.latency(Duration.ofMillis(5));
		LeadService watched = Mockito.spy(leads);
		ListSync other = new ListSync(properties, memberships, watched, transaction, "node-b", Clock.systemUTC());
		other.start();
		try {
			List<String> emails = IntStream.range(0, 200).mapToObj(i -> "node" + i + "@example.org").toList();
			List<String> leadIds = new ArrayList<>();
			for (String email : emails) {
				leadIds.add(lead("Node Test", email));
			}
			// recorded at once, as a busy engine would, while both nodes poll
			transaction.executeWithoutResult(tx -> leadIds
				.forEach(id -> memberships.want(new WantedMembership(id, "nodes", true, List.of(), "p", "S"))));

			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject(
						"select count(*) from pw_list_change where list_id = 'nodes' and state = 'synced'",
						Integer.class) == 200);

			assertThat(mailChimp.overlaps).isEmpty();
			for (String email : emails) {
				assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).as(email).hasSize(1);
			}
			// both nodes did their share
			assertThat(Mockito.mockingDetails(watched).getInvocations()).isNotEmpty();
			assertThat(Mockito.mockingDetails(watched).getInvocations()).hasSizeLessThan(200);
		}
		finally {
			other.stop();
		}
	}

	@Test
	void twoNodesNeverLetAnOlderStateOverwriteANewerOne() {
		mailChimp.latency(Duration.ofMillis(5));
		ListSync other = new ListSync(properties, memberships, leads, transaction, "node-b", Clock.systemUTC());
		other.start();
		try {
			List<String> leadIds = IntStream.range(0, 20)
				.mapToObj(i -> lead("Flip Flop", "flip" + i + "@example.org"))
				.toList();
			// each change in its own transaction, while both nodes work: some are sent,
			// some superseded
			for (int round = 0; round < 5; round++) {
				boolean subscribed = round % 2 == 0;
				for (String id : leadIds) {
					memberships.want(new WantedMembership(id, "flips", subscribed, List.of(), "p", "S"));
				}
			}

			await().atMost(Duration.ofSeconds(30))
				.until(() -> leadIds.stream().allMatch(id -> changes(id).get(4).state().equals("synced")));

			assertThat(mailChimp.overlaps).isEmpty();
			for (int i = 0; i < 20; i++) {
				List<MailChimpFake.Request> puts = mailChimp
					.puts(MailChimp.subscriberHash("flip" + i + "@example.org"));
				// the newest change (the fifth, a subscribe) is what MailChimp holds last
				assertThat(puts.get(puts.size() - 1).status()).isEqualTo("subscribed");
				assertThat(changes(leadIds.get(i))).extracting(Change::state)
					.allMatch(state -> state.equals("synced") || state.equals("superseded"));
			}
		}
		finally {
			other.stop();
		}
	}

	@Test
	void aClaimIsRespectedWhileItLastsAndTakenOverWhenItRunsOut() {
		String email = "orphan@example.org";
		String lead = lead("Orphan", email);
		Instant now = Instant.now();
		// a node that claimed the change, then died: its claim still has 30 s to run
		jdbc.update("""
				insert into pw_list_change (lead_id, list_id, subscribed, requested_at, state, attempts, claimed_by,
				claimed_until) values (?, 'orphans', true, ?, 'pending', 1, 'dead-node', ?)
				""", lead, utc(now), utc(now.plusSeconds(30)));

		await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> mailChimp.requests.isEmpty());

		jdbc.update("update pw_list_change set claimed_until = ? where lead_id = ?", utc(now.minusSeconds(1)), lead);

		Change change = awaitState(lead, ListMemberships.SYNCED);
		assertThat(change.attempts()).isEqualTo(2);
		assertThat(change.claimedBy()).isNull();
		assertThat(mailChimp.puts(MailChimp.subscriberHash(email))).hasSize(1);
	}

	/**
	 * A lead for each email, each with a wanted subscription, recorded in one transaction
	 * as a bulk import would.
	 */
	private List<String> backlog(String listId, List<String> emails, List<String> tags) {
		List<String> leadIds = emails.stream().map(email -> UUID.randomUUID().toString()).toList();
		OffsetDateTime now = utc(Instant.now());
		jdbc.batchUpdate(
				"""
						insert into pw_lead (id, name, company, email, currency, status, pipeline_key, pipeline_version,
						process_definition_id, created_at, updated_at) values (?, 'Backlog Lead', 'Test AS', ?, 'NOK', 'open', 'p', 1, 'p:1', ?, ?)
						""",
				IntStream.range(0, emails.size())
					.mapToObj(i -> new Object[] { leadIds.get(i), emails.get(i), now, now })
					.toList());
		transaction.executeWithoutResult(
				tx -> leadIds.forEach(id -> memberships.want(new WantedMembership(id, listId, true, tags, "p", "S"))));
		return leadIds;
	}

	private int count(String listId, String state) {
		return jdbc.queryForObject("select count(*) from pw_list_change where list_id = ? and state = ?", Integer.class,
				listId, state);
	}

	private void awaitNonePending(String listId) {
		await().atMost(Duration.ofSeconds(20)).until(() -> count(listId, ListMemberships.PENDING) == 0);
	}

	record Change(long id, String state, int attempts, String errorTitle, String errorDetail, OffsetDateTime syncedAt,
			String claimedBy) {
	}

	private List<Change> changes(String leadId) {
		return jdbc.query("""
				select id, state, attempts, error_title, error_detail, synced_at, claimed_by
				from pw_list_change where lead_id = ? order by id
				""",
				(rs, n) -> new Change(rs.getLong("id"), rs.getString("state"), rs.getInt("attempts"),
						rs.getString("error_title"), rs.getString("error_detail"),
						rs.getObject("synced_at", OffsetDateTime.class), rs.getString("claimed_by")),
				leadId);
	}

	/** The lead's one (or last) change, once it reaches the state. */
	private Change awaitState(String leadId, String state) {
		await().until(() -> {
			List<Change> changes = changes(leadId);
			return !changes.isEmpty() && changes.get(changes.size() - 1).state().equals(state);
		});
		List<Change> changes = changes(leadId);
		return changes.get(changes.size() - 1);
	}

	private void assertNoMoreRequestsFor(String email, int requests) {
		await().during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.until(() -> mailChimp.puts(MailChimp.subscriberHash(email)).size() == requests);
	}

	private LeadView create(String externalId, String name, String email) {
		return leads
			.create(new NewLead(name, "Moe AS", email, null, BigDecimal.TEN, null, null, "Platform", null, "admin",
					"newsletter", externalId, null), "admin")
			.lead();
	}

	/** A lead with one wanted subscription, recorded as a list task would. */
	private String want(String email, String listId) {
		String lead = lead("Test Lead", email);
		memberships.want(new WantedMembership(lead, listId, true, List.of(), "p", "Stage_A"));
		return lead;
	}

	/**
	 * A lead row without a pipeline instance: list sync reads only its contact fields.
	 */
	private String lead(String name, String email) {
		String id = UUID.randomUUID().toString();
		OffsetDateTime now = utc(Instant.now());
		jdbc.update(
				"""
						insert into pw_lead (id, name, company, email, currency, status, pipeline_key, pipeline_version,
						process_definition_id, created_at, updated_at) values (?, ?, 'Test AS', ?, 'NOK', 'open', 'p', 1, 'p:1', ?, ?)
						""",
				id, name, email, now, now);
		return id;
	}

	private static String password(String authorization) {
		assertThat(authorization).startsWith("Basic ");
		String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
		return decoded.substring(decoded.indexOf(':') + 1);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

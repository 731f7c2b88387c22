package io.pipewright.lists;

import io.pipewright.EmbeddedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.lead.LeadService;
import io.pipewright.lists.mailchimp.MailChimp;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sync worker's claims, coalescing and retries on a real PostgreSQL, with two nodes:
 * the row locks and conditional updates must mean the same there as on H2.
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(EmbeddedPostgres.class)
@SpringBootTest(properties = { "pipewright.admin.password=pg-secret", "pipewright.mailchimp.concurrency=4",
		"pipewright.mailchimp.backoff-base=20ms", "pipewright.mailchimp.backoff-max=100ms",
		"pipewright.mailchimp.poll-interval=200ms",
		// the 50 changes here test the single-member path
		"pipewright.mailchimp.batch-threshold=1000" })
class ListSyncPostgresTests {

	static final MailChimpFake mailChimp = new MailChimpFake();

	@DynamicPropertySource
	static void mailChimpServer(DynamicPropertyRegistry registry) throws IOException {
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
	MailChimpProperties properties;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void twoNodesCoalesceRetryAndTakeOverOnPostgres() {
		assertThat(jdbc.queryForObject("select version()", String.class)).contains("PostgreSQL");
		mailChimp.latency(Duration.ofMillis(5));
		ListSync other = new ListSync(properties, memberships, leads, transaction, "node-b", Clock.systemUTC());
		other.start();
		try {
			List<String> leadIds = IntStream.range(0, 50).mapToObj(i -> lead("pg" + i + "@example.org")).toList();
			// the first lead's first answer is a server error; the last lead's two
			// changes coalesce
			mailChimp.answer("pg", MailChimp.subscriberHash("pg0@example.org"),
					MailChimpFake.problem(503, "Service Unavailable", "Try again shortly."));
			transaction.executeWithoutResult(tx -> {
				leadIds.forEach(id -> memberships.want(new WantedMembership(id, "pg", true, List.of("pg"), "p", "S")));
				memberships.want(new WantedMembership(leadIds.get(49), "pg", false, List.of(), "p", "S"));
			});
			// and a change claimed by a node that died
			String orphan = lead("orphan@example.org");
			jdbc.update("""
					insert into pw_list_change (lead_id, list_id, subscribed, requested_at, state, attempts,
					claimed_by, claimed_until) values (?, 'pg', true, ?, 'pending', 1, 'dead-node', ?)
					""", orphan, utc(Instant.now()), utc(Instant.now().minusSeconds(5)));

			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject("select count(*) from pw_list_change where state = 'pending'",
						Integer.class) == 0);

			assertThat(jdbc.queryForList("select state from pw_list_change where lead_id = ? order by id", String.class,
					leadIds.get(49)))
				.containsExactly("superseded", "synced");
			assertThat(jdbc.queryForObject("select count(*) from pw_list_change where state = 'synced'", Integer.class))
				.isEqualTo(51);
			assertThat(jdbc.queryForObject("select attempts from pw_list_change where lead_id = ?", Integer.class,
					leadIds.get(0)))
				.isEqualTo(2);
			assertThat(mailChimp.puts(MailChimp.subscriberHash("orphan@example.org"))).hasSize(1);
			assertThat(mailChimp.puts(MailChimp.subscriberHash("pg49@example.org"))).singleElement()
				.satisfies(put -> assertThat(put.status()).isEqualTo("unsubscribed"));
			assertThat(mailChimp.overlaps).isEmpty();
		}
		finally {
			other.stop();
		}
	}

	private String lead(String email) {
		String id = UUID.randomUUID().toString();
		OffsetDateTime now = utc(Instant.now());
		jdbc.update(
				"""
						insert into pw_lead (id, name, email, currency, status, pipeline_key, pipeline_version,
						process_definition_id, created_at, updated_at) values (?, 'Pg Lead', ?, 'NOK', 'open', 'p', 1, 'p:1', ?, ?)
						""",
				id, email, now, now);
		return id;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

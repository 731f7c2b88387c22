package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.lists.MailChimpFake;
import io.pipewright.lists.mailchimp.MailChimp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Pipewright nodes, each a JVM of its own, on one PostgreSQL: a few thousand leads
 * driven through both by 16 clients, and one node killed (SIGKILL, not a shutdown)
 * half-way, while it holds engine jobs and list-sync claims. The pipeline
 * ({@code scaleout/scale-out.bpmn}, deployed as the Modeler does) has 1 s timers, async
 * continuations and list tasks, so both job executors and both list-sync workers work.
 * Once everything has settled, checked in the database and at the fake MailChimp: every
 * lead ended where its facts send it, with its tasks, stage visits and list changes each
 * exactly once; no job failed, was left due or ran twice; and what the killed node held
 * was finished by the survivor. Runs once, in the first test run, on its own embedded
 * PostgreSQL.
 */
class ScaleOutPostgresTests {

	private static final int LEADS = Integer.getInteger("scaleout.leads", 2000);

	private static final int CLIENTS = 16;

	/** Leads a client takes at a time: every other block comes in one import call. */
	private static final int BLOCK = 20;

	private static final String SURVIVOR = "node-a";

	private static final String VICTIM = "node-b";

	private static final String PROSPECTS = "prospects";

	private static final String CUSTOMERS = "customers";

	private static final Path LOGS = Path.of("target", "scale-out");

	/** Where a lead's source and facts send it. */
	enum Fate {

		/**
		 * Source "cold", no facts: Qualify decays after 1 s; lost, off the prospects
		 * list.
		 */
		COLD,
		/** Qualified and signed: through Offer, onto the customers list, won. */
		WON,
		/** Qualified: waits in Offer with its task open; its 1 s reminder fired once. */
		OFFER,
		/**
		 * Closed as lost through the API while in Qualify: stays on the prospects list.
		 */
		LOST;

		static Fate of(int lead) {
			int slot = lead % 10;
			return slot < 3 ? COLD : slot < 6 ? WON : slot < 9 ? OFFER : LOST;
		}

		Map<String, Object> facts() {
			return switch (this) {
				case WON -> Map.of("qualified", true, "signed", true);
				case OFFER -> Map.of("qualified", true);
				default -> Map.of();
			};
		}

	}

	private final MailChimpFake mailChimp = new MailChimpFake();

	private final String survivorKey = apiKey();

	private final String victimKey = apiKey();

	private final Map<String, AtomicInteger> callsPerNode = Map.of(SURVIVOR, new AtomicInteger(), VICTIM,
			new AtomicInteger());

	private final AtomicInteger retried = new AtomicInteger();

	private final AtomicInteger concurrent = new AtomicInteger();

	private volatile boolean victimDown;

	private ApiClient survivor;

	private ApiClient victim;

	@Test
	void twoNodesShareThousandsOfLeadsAndAKilledNodeLosesNothing() throws Exception {
		long begin = System.nanoTime();
		String mailChimpUrl = mailChimp.serve();
		// a request stays in flight a moment, so the killed node holds claims
		mailChimp.latency(Duration.ofMillis(100));
		// a test database: nothing need survive a crash of the machine
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("fsync", "off")
			.setServerConfig("full_page_writes", "off")
			.start()) {
			try (var connection = postgres.getPostgresDatabase().getConnection();
					var statement = connection.createStatement()) {
				statement.execute("create database pw_scale");
			}
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getDatabase("postgres", "pw_scale"));
			String url = postgres.getJdbcUrl("postgres", "pw_scale");
			// the second node starts once the first has made the schema
			try (NodeProcess a = node(SURVIVOR, url, survivorKey, mailChimpUrl);
					NodeProcess b = node(VICTIM, url, victimKey, mailChimpUrl)) {
				double started = seconds(begin);
				System.out.printf(Locale.ROOT, "Scale-out: both nodes ready after %.1f s%n", started);
				survivor = ApiClient.admin(a.port());
				victim = ApiClient.admin(b.port());
				survivor.deploy("Scale-out", "scale-out.bpmn", bpmn()).expect(200);

				long driving = System.nanoTime();
				AtomicInteger done = new AtomicInteger();
				AtomicInteger nextBlock = new AtomicInteger();
				ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
				List<Future<?>> work = new ArrayList<>();
				for (int c = 0; c < CLIENTS; c++) {
					work.add(clients.submit(() -> {
						for (int block; (block = nextBlock.getAndIncrement()) < LEADS / BLOCK;) {
							drive(block);
							done.addAndGet(BLOCK);
						}
						return null;
					}));
				}

				// half-way, kill the second node while it holds claims and job locks
				await().atMost(Duration.ofSeconds(120)).until(() -> done.get() >= LEADS / 2 || failed(work));
				assertNoneFailed(work);
				System.out.printf(Locale.ROOT, "Scale-out: half the leads driven at %.1f s%n", seconds(driving));
				// MailChimp slows down for a moment, so the node's requests are surely in
				// flight when it dies (1 s: well within the 6 s read timeout, which would
				// send a change again)
				mailChimp.latency(Duration.ofSeconds(1));
				// a job is locked for milliseconds: the node is frozen (SIGSTOP) before
				// what it
				// holds is read, and killed only if it still holds enough, or let go on
				Held held = null;
				for (int attempt = 1; held == null; attempt++) {
					assertThat(attempt).as("attempts to catch the node holding jobs and claims").isLessThan(50);
					await().atMost(Duration.ofSeconds(20))
						.pollInterval(Duration.ofMillis(5))
						.until(() -> held(jdbc, b.pid()), enough());
					b.signal("STOP");
					// a commit it sent just before stopping lands first
					await().pollDelay(Duration.ofMillis(200)).until(() -> true);
					Held frozen = held(jdbc, b.pid());
					if (enough().test(frozen)) {
						held = frozen;
					}
					else {
						b.signal("CONT");
					}
				}
				victimDown = true;
				b.kill();
				double killedAt = seconds(driving);
				int doneAtKill = done.get();
				mailChimp.latency(Duration.ofMillis(100));
				int victimRequests = requestsBy(victimKey).size();

				clients.shutdown();
				assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).as("the clients finished").isTrue();
				assertNoneFailed(work);
				double drove = seconds(driving);
				System.out.printf(Locale.ROOT, "Scale-out: %d leads driven in %.1f s, node killed at %.1f s%n", LEADS,
						drove, killedAt);

				long settling = System.nanoTime();
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(250))
					.untilAsserted(() -> assertThat(unsettled(jdbc)).isEmpty());
				double settled = seconds(settling);

				assertThat(held.claims()).as("list changes the killed node held").isNotEmpty();
				assertThat(held.jobs()).as("jobs the killed node held").isNotEmpty();
				everyLeadEndedWhereItsFactsSendIt(jdbc);
				noTaskOrStageVisitLostOrDoubled(jdbc);
				noJobFailedLostOrDoubled(jdbc, held);
				everyListChangeReachedMailChimpOnceInItsFinalState(jdbc, held, victimRequests);
				survivorCountedIt();

				Map<String, Long> jobsByNode = jobsByNode(jdbc);
				System.out.printf(Locale.ROOT,
						"""
								Scale-out on PostgreSQL: %d leads, %d clients; nodes ready after %.1f s; driven in %.1f s,
								the second node killed at %.1f s (%d leads driven) holding %d list changes and %d jobs;
								settled %.1f s later; %.1f s in all.
								API calls: %s (%d sent again to the survivor, %d again after a 409 concurrent change). Jobs run: %s (%d failed attempts, run again).
								MailChimp requests: %d from %s, %d from %s; the changes the killed node held ended %s.
								""",
						LEADS, CLIENTS, started, drove, killedAt, doneAtKill, held.claims().size(), held.jobs().size(),
						settled, seconds(begin), callsPerNode, retried.get(), concurrent.get(), jobsByNode,
						failedAttempts(jdbc), requestsBy(survivorKey).size(), SURVIVOR, requestsBy(victimKey).size(),
						VICTIM, heldEnded(jdbc, held));
			}
		}
		finally {
			mailChimp.stop();
		}
	}

	// ---- the load ----

	private void drive(int block) {
		int first = block * BLOCK;
		// three blocks in four come in one import call each
		if (block % 4 != 3) {
			importBlock(block, first);
		}
		else {
			for (int lead = first; lead < first + BLOCK; lead++) {
				createThroughTheApi(lead);
			}
		}
	}

	/** One POST /api/leads, then the facts, and the loss, through the other node. */
	private void createThroughTheApi(int lead) {
		Fate fate = Fate.of(lead);
		Answer created = call(lead, api -> api.post("/api/leads", newLead(lead)));
		String id = created.response()
			.expect(created.again() && created.response().status() == 200 ? 200 : 201)
			.path("id")
			.asText();
		if (!fate.facts().isEmpty()) {
			call(lead + 1, api -> api.post("/api/leads/{id}/facts", fate.facts(), id)).expectOrClosed();
		}
		if (fate == Fate.LOST) {
			lose(lead, id);
		}
	}

	/**
	 * A block of leads in one import call (each line its own transaction: created, its
	 * pipeline started, its facts reported), then the losses through the other node.
	 */
	private void importBlock(int block, int first) {
		StringBuilder lines = new StringBuilder();
		for (int lead = first; lead < first + BLOCK; lead++) {
			Map<String, Object> line = new LinkedHashMap<>(newLead(lead));
			List<Map<String, Object>> facts = new ArrayList<>();
			Fate.of(lead)
				.facts()
				.forEach((name, value) -> facts
					.add(Map.of("name", name, "value", value, "at", Instant.now().toString())));
			line.put("facts", facts);
			lines.append(ApiClient.write(line)).append('\n');
		}
		// sent again after a node died under it, the lines already in come back as
		// existing
		var report = call(block, api -> api.postText("/api/import/leads", "application/x-ndjson", lines.toString()))
			.response()
			.expect(200);
		assertThat(report.path("refused").asInt()).as("refused lines in %s", report).isZero();
		List<String> ids = new ArrayList<>();
		report.path("lines").forEach(line -> ids.add(line.path("leadId").asText()));
		for (int lead = first; lead < first + BLOCK; lead++) {
			if (Fate.of(lead) == Fate.LOST) {
				lose(lead + 1, ids.get(lead - first));
			}
		}
	}

	private void lose(int node, String id) {
		call(node, api -> api.post("/api/leads/{id}/lost", Map.of("reason", "Chose a competitor"), id))
			.expectOrClosed();
	}

	/**
	 * An answer, and whether it came to a request sent again after a node died under it.
	 */
	record Answer(ApiClient.Response response, boolean again) {

		/** Sent again, the first one may have closed the lead. */
		void expectOrClosed() {
			response.expect(again && response.status() == 409 ? 409 : 200);
		}

	}

	/**
	 * Through node {@code n % 2} while both run. A call the killed node dies under goes
	 * to the survivor again; a 409 concurrent-change is sent again, as its problem asks.
	 */
	private Answer call(int n, Function<ApiClient, ApiClient.Response> request) {
		boolean again = false;
		while (true) {
			boolean toVictim = n % 2 == 1 && !victimDown;
			ApiClient.Response response;
			try {
				callsPerNode.get(toVictim ? VICTIM : SURVIVOR).incrementAndGet();
				response = request.apply(toVictim ? victim : survivor);
			}
			catch (RuntimeException ex) {
				if (!toVictim || !victimDown) {
					throw ex;
				}
				retried.incrementAndGet();
				again = true;
				continue;
			}
			if (response.status() == 409 && response.json().path("type").asText().endsWith("/concurrent-change")) {
				concurrent.incrementAndGet();
				continue;
			}
			return new Answer(response, again);
		}
	}

	private static Map<String, Object> newLead(int lead) {
		return Map.of("name", "Lead " + lead, "email", email(lead), "owner", ApiClient.ADMIN, "pipeline", "scaleOut",
				"source", Fate.of(lead) == Fate.COLD ? "cold" : "web", "externalId", "so-" + lead);
	}

	private static String email(int lead) {
		return "lead" + lead + "@scale.example";
	}

	// ---- what the killed node held, and when all is done ----

	/** A list change as recorded. */
	record Change(long id, String leadId, String listId, boolean subscribed) {
	}

	record Held(List<Change> claims, List<String> jobs) {
	}

	/** Enough held to show a dead node's claims and jobs taken over. */
	private static java.util.function.Predicate<Held> enough() {
		return held -> held.claims().size() >= 3 && held.jobs().size() >= 2;
	}

	private static Held held(JdbcTemplate jdbc, long pid) {
		// a node's claims carry its process id (WorkerThreads.nodeName)
		List<Change> claims = jdbc.query(
				"select id, lead_id, list_id, subscribed from pw_list_change where state = 'pending' and claimed_by like ?",
				(rs, i) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), pid + "@%");
		List<String> jobs = jdbc.queryForList("select id_ from act_ru_job where lock_owner_ = ?", String.class, VICTIM);
		return new Held(claims, jobs);
	}

	/**
	 * What is not done yet: leads not closed or waiting where they should be, changes not
	 * synced, jobs left; empty once every lead has settled.
	 */
	private static String unsettled(JdbcTemplate jdbc) {
		Map<String, Integer> expected = new java.util.TreeMap<>(Map.of("open/Stage_Offer", expected(Fate.OFFER),
				"won/-", expected(Fate.WON), "lost/-", expected(Fate.COLD) + expected(Fate.LOST)));
		Map<String, Integer> leads = new java.util.TreeMap<>();
		jdbc.query("select status || '/' || coalesce(stage_id, '-'), count(*) from pw_lead group by 1", rs -> {
			leads.put(rs.getString(1), rs.getInt(2));
		});
		List<String> pending = jdbc.queryForList(
				"""
						select list_id || ' ' || subscribed || ' attempts ' || attempts || ' ' || coalesce(claimed_by, '-') || ' '
						|| coalesce(error_title, '') from pw_list_change where state = 'pending' order by id limit 5""",
				String.class);
		List<String> jobs = jdbc.queryForList("""
				select handler_type_ || ' ' || coalesce(handler_cfg_, '') || ' retries ' || retries_ || ' '
				|| coalesce(lock_owner_, '-') || ' ' || coalesce(exception_msg_, '') from act_ru_job
				where handler_type_ <> 'history-cleanup' order by id_ limit 5""", String.class);
		int jobCount = jdbc.queryForObject("select count(*) from act_ru_job where handler_type_ <> 'history-cleanup'",
				Integer.class);
		int pendingCount = jdbc.queryForObject("select count(*) from pw_list_change where state = 'pending'",
				Integer.class);
		if (leads.equals(expected) && jobCount == 0 && pendingCount == 0) {
			return "";
		}
		return "leads " + leads + " (to be " + expected + "); " + pendingCount + " list changes pending " + pending
				+ "; " + jobCount + " jobs " + jobs;
	}

	private static int expected(Fate fate) {
		int count = 0;
		for (int lead = 0; lead < LEADS; lead++) {
			count += Fate.of(lead) == fate ? 1 : 0;
		}
		return count;
	}

	// ---- the checks ----

	private void everyLeadEndedWhereItsFactsSendIt(JdbcTemplate jdbc) {
		Map<String, String> ends = new HashMap<>();
		jdbc.query("select external_id, status, stage_id, close_reason from pw_lead", rs -> {
			ends.put(rs.getString(1), rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4));
		});
		assertThat(ends).hasSize(LEADS);
		for (int lead = 0; lead < LEADS; lead++) {
			String end = ends.get("so-" + lead);
			switch (Fate.of(lead)) {
				case COLD -> assertThat(end).as("lead %d", lead).isEqualTo("lost/null/Went cold");
				case WON -> assertThat(end).as("lead %d", lead).isEqualTo("won/null/null");
				case OFFER -> assertThat(end).as("lead %d", lead).isEqualTo("open/Stage_Offer/null");
				case LOST -> assertThat(end).as("lead %d", lead).isEqualTo("lost/null/Chose a competitor");
			}
		}
	}

	private void noTaskOrStageVisitLostOrDoubled(JdbcTemplate jdbc) {
		// each lead's stage tasks and visits, as one line each: "Call:skipped,Send the
		// offer:open"
		Map<String, String> tasks = perLead(jdbc, """
				select l.external_id, t.name || ':' || t.outcome from pw_stage_task t join pw_lead l on l.id = t.lead_id
				order by l.external_id, t.created_at, t.name""");
		Map<String, String> visits = perLead(jdbc, """
				select l.external_id, v.stage_id || ':' || coalesce(v.left_by, 'open') from pw_stage_visit v
				join pw_lead l on l.id = v.lead_id order by l.external_id, v.entered_at, v.id""");
		// the engine's open tasks, by lead
		Map<String, String> open = perLead(jdbc,
				"""
						select l.external_id, t.task_def_key_ from act_ru_task t join pw_lead l on l.process_instance_id = t.proc_inst_id_
						order by l.external_id, t.task_def_key_""");
		// the steps that must run exactly once per lead: ends, timers' paths, async list
		// tasks
		Map<String, String> steps = perLead(jdbc,
				"""
						select l.external_id, a.act_id_ from act_hi_actinst a join pw_lead l on l.process_instance_id = a.proc_inst_id_
						where a.act_id_ in ('Decay_Qualify', 'Unsubscribe_Cold', 'End_Cold', 'Reminder_Offer', 'Reminded',
						'End_Reminded', 'Subscribe_Customers', 'End_Won') order by l.external_id, a.act_id_""");
		for (int lead = 0; lead < LEADS; lead++) {
			String key = "so-" + lead;
			Fate fate = Fate.of(lead);
			String expectedTasks = switch (fate) {
				case COLD, LOST -> "Call:skipped";
				// Offer's goal holds as it is entered: the lead leaves before its task
				case WON -> "Call:skipped";
				case OFFER -> "Call:skipped,Send the offer:open";
			};
			String expectedVisits = switch (fate) {
				case COLD -> "Stage_Qualify:decay";
				case LOST -> "Stage_Qualify:lost";
				case WON -> "Stage_Qualify:goal,Stage_Offer:goal";
				case OFFER -> "Stage_Qualify:goal,Stage_Offer:open";
			};
			String expectedSteps = switch (fate) {
				case COLD -> "Decay_Qualify,End_Cold,Unsubscribe_Cold";
				case LOST -> null;
				case WON -> "End_Won,Subscribe_Customers";
				case OFFER -> "End_Reminded,Reminded,Reminder_Offer";
			};
			assertThat(tasks.get(key)).as("stage tasks of lead %d (%s)", lead, fate).isEqualTo(expectedTasks);
			assertThat(visits.get(key)).as("stage visits of lead %d (%s)", lead, fate).isEqualTo(expectedVisits);
			assertThat(open.get(key)).as("open tasks of lead %d (%s)", lead, fate)
				.isEqualTo(fate == Fate.OFFER ? "Task_Offer" : null);
			assertThat(steps.get(key)).as("steps run by lead %d (%s)", lead, fate).isEqualTo(expectedSteps);
		}
		assertThat(jdbc.queryForObject("select count(distinct proc_inst_id_) from act_ru_execution", Integer.class))
			.as("running process instances")
			.isEqualTo(expected(Fate.OFFER));
	}

	private void noJobFailedLostOrDoubled(JdbcTemplate jdbc, Held held) {
		assertThat(jdbc.queryForList("select incident_msg_ from act_ru_incident", String.class)).as("incidents")
			.isEmpty();
		assertThat(
				jdbc.queryForList("select id_ from act_ru_job where handler_type_ <> 'history-cleanup'", String.class))
			.as("jobs left")
			.isEmpty();
		// job_state_ 2: successful; the engine's history cleanup is one job run again and
		// again inside its daily window (01:00 to 05:00), so it is no lead's job
		assertThat(jdbc.queryForList("""
				select job_id_ from act_hi_job_log where job_state_ = 2
				and (job_def_type_ is null or job_def_type_ <> 'history-cleanup')
				group by job_id_ having count(*) > 1""", String.class)).as("jobs that ran twice").isEmpty();
		Map<String, Long> byNode = jobsByNode(jdbc);
		assertThat(byNode).as("jobs run on each node").containsOnlyKeys(SURVIVOR, VICTIM);
		assertThat(byNode.values()).allSatisfy(count -> assertThat(count).isPositive());
		// the jobs the killed node had locked ran once its lock expired, on the survivor
		for (String job : held.jobs()) {
			assertThat(jdbc.queryForList("select hostname_ from act_hi_job_log where job_id_ = ? and job_state_ = 2",
					String.class, job))
				.as("job %s, locked by the killed node", job)
				.containsExactly(SURVIVOR);
		}
	}

	private void everyListChangeReachedMailChimpOnceInItsFinalState(JdbcTemplate jdbc, Held held, int victimRequests) {
		Map<String, String> leadIds = new HashMap<>();
		jdbc.query("select id, external_id from pw_lead", rs -> {
			leadIds.put(rs.getString(2), rs.getString(1));
		});
		Map<String, List<String>> recorded = new HashMap<>();
		Map<String, List<Boolean>> synced = new HashMap<>();
		Map<String, String> details = new HashMap<>();
		jdbc.query(
				"select lead_id, list_id, subscribed, state, id, attempts, error_title from pw_list_change order by id",
				rs -> {
					String pair = rs.getString(1) + "/" + rs.getString(2);
					recorded.computeIfAbsent(pair, p -> new ArrayList<>())
						.add(rs.getBoolean(3) + ":" + rs.getString(4));
					details.merge(pair, "#" + rs.getLong(5) + " " + rs.getBoolean(3) + " " + rs.getString(4)
							+ " attempts " + rs.getInt(6) + " " + rs.getString(7), (x, y) -> x + "; " + y);
					if ("synced".equals(rs.getString(4))) {
						synced.computeIfAbsent(pair, p -> new ArrayList<>()).add(rs.getBoolean(3));
					}
				});
		assertThat(jdbc.queryForList("select distinct state from pw_list_change", String.class))
			.as("list change states")
			.isSubsetOf("synced", "superseded");
		// what MailChimp was asked, per audience and member, in the order it was asked
		Map<String, List<MailChimpFake.Request>> asked = mailChimp.requests.stream()
			.filter(request -> request.method().equals("PUT") && !request.tags())
			.collect(Collectors.groupingBy(request -> request.listId() + "/" + request.subscriberHash()));
		// a request in flight from the killed node may come again from the survivor (PUT
		// is idempotent); each such request is one the killed node held a claim for
		List<Change> inFlight = new ArrayList<>(held.claims());
		for (int lead = 0; lead < LEADS; lead++) {
			String id = leadIds.get("so-" + lead);
			String hash = MailChimp.subscriberHash(email(lead));
			Fate fate = Fate.of(lead);
			// the changes the pipeline asks for, per audience, oldest first
			Map<String, List<Boolean>> expected = switch (fate) {
				case COLD, OFFER -> Map.of(PROSPECTS, List.of(true, false));
				// signed already, the lead leaves Offer before its first step
				case WON -> Map.of(PROSPECTS, List.of(true), CUSTOMERS, List.of(true));
				case LOST -> Map.of(PROSPECTS, List.of(true));
			};
			for (String list : List.of(PROSPECTS, CUSTOMERS)) {
				String pair = id + "/" + list;
				List<String> changes = recorded.getOrDefault(pair, List.of());
				List<Boolean> sent = synced.getOrDefault(pair, List.of());
				if (!expected.containsKey(list)) {
					assertThat(changes).as("changes of lead %d on %s", lead, list).isEmpty();
					assertThat(asked.get(list + "/" + hash)).as("MailChimp asked for lead %d on %s", lead, list)
						.isNull();
					continue;
				}
				List<Boolean> wanted = expected.get(list);
				boolean last = wanted.get(wanted.size() - 1);
				assertThat(changes.stream()
					.map(change -> Boolean.valueOf(change.substring(0, change.indexOf(':'))))
					.toList()).as("changes recorded for lead %d (%s) on %s", lead, fate, list).isEqualTo(wanted);
				assertThat(changes.get(changes.size() - 1)).as("the newest change of lead %d on %s", lead, list)
					.isEqualTo(last + ":synced");
				List<MailChimpFake.Request> requests = new ArrayList<>(
						asked.getOrDefault(list + "/" + hash, List.of()));
				for (var request : List.copyOf(requests)) {
					if (request.authorization().equals(basic(victimKey))) {
						Change claim = inFlight.stream()
							.filter(c -> c.leadId().equals(id) && c.listId().equals(list)
									&& request.status().equals(c.subscribed() ? "subscribed" : "unsubscribed"))
							.findFirst()
							.orElse(null);
						if (claim != null) {
							inFlight.remove(claim);
							requests.remove(request);
						}
					}
				}
				List<MailChimpFake.Request> all = asked.getOrDefault(list + "/" + hash, List.of());
				assertThat(requests.stream().map(request -> request.status().equals("subscribed")).toList())
					.as("what MailChimp was asked for lead %d (%s) on %s: %s by %s; recorded %s; the killed node held %s",
							lead, fate, list, all.stream().map(MailChimpFake.Request::status).toList(),
							all.stream()
								.map(r -> r.authorization().equals(basic(victimKey)) ? VICTIM : SURVIVOR)
								.toList(),
							details.get(pair), held.claims())
					.isEqualTo(sent);
				assertThat(requests.get(requests.size() - 1).status())
					.as("MailChimp's last word on lead %d on %s", lead, list)
					.isEqualTo(last ? "subscribed" : "unsubscribed");
			}
		}
		assertThat(victimRequests).as("requests from the second node before it was killed").isPositive();
		assertThat(requestsBy(survivorKey)).as("requests from the survivor").isNotEmpty();
		assertThat(requestsBy(victimKey)).as("requests from the killed node, all sent before it died")
			.hasSizeLessThanOrEqualTo(victimRequests + held.claims().size());
	}

	/** The metrics an operator watches a cluster by, on the survivor. */
	private void survivorCountedIt() {
		// Prometheus' text format, not JSON
		ApiClient.Response metrics = survivor.browse("/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("camunda_job_executed_total{", "pipewright_leads_closed_total{",
				"pipewright_leads_stage_entered_total{", "pipewright_lists_sync_latency_seconds_count",
				"pipewright_tasks_overdue", "pipewright_lists_changes{");
	}

	// ---- helpers ----

	/**
	 * How the changes the killed node held ended: synced (sent by the survivor),
	 * superseded.
	 */
	private static Map<String, Long> heldEnded(JdbcTemplate jdbc, Held held) {
		Map<String, Long> states = new java.util.TreeMap<>();
		for (Change claim : held.claims()) {
			states.merge(jdbc.queryForObject("select state from pw_list_change where id = ?", String.class, claim.id()),
					1L, Long::sum);
		}
		return states;
	}

	private List<MailChimpFake.Request> requestsBy(String key) {
		String authorization = basic(key);
		return mailChimp.requests.stream().filter(request -> authorization.equals(request.authorization())).toList();
	}

	private static String basic(String key) {
		return "Basic " + Base64.getEncoder().encodeToString(("pipewright:" + key).getBytes(StandardCharsets.UTF_8));
	}

	/** Job runs that failed and were retried (a lock that ran out under load, say). */
	private static int failedAttempts(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from act_hi_job_log where job_state_ = 1", Integer.class);
	}

	private static Map<String, Long> jobsByNode(JdbcTemplate jdbc) {
		Map<String, Long> byNode = new java.util.TreeMap<>();
		jdbc.query("select hostname_, count(*) from act_hi_job_log where job_state_ = 2 group by hostname_", rs -> {
			byNode.put(rs.getString(1), rs.getLong(2));
		});
		return byNode;
	}

	private static Map<String, String> perLead(JdbcTemplate jdbc, String sql) {
		Map<String, String> lines = new HashMap<>();
		jdbc.query(sql, rs -> {
			lines.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "," + b);
		});
		return lines;
	}

	private static boolean failed(List<Future<?>> work) {
		for (Future<?> future : work) {
			if (future.isDone()) {
				try {
					future.get();
				}
				catch (Exception ex) {
					return true;
				}
			}
		}
		return false;
	}

	private static void assertNoneFailed(List<Future<?>> work) throws Exception {
		for (Future<?> future : work) {
			if (future.isDone()) {
				future.get();
			}
		}
	}

	private static NodeProcess node(String name, String url, String key, String mailChimpUrl) throws Exception {
		return NodeProcess.start(ScaleOutNode.class.getName(), "384m",
				// the quick JIT tier: over a run this short, the full one costs more CPU
				// than it saves (measured: 233 against 151 CPU seconds)
				List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
				List.of("--" + ScaleOutNode.NODE + "=" + name, "--spring.datasource.url=" + url,
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						// a dead node's job locks run out after 5 s (the engine's
						// default: 5 min)
						"--camunda.bpm.job-execution.lock-time-in-millis=5000",
						// 1 s timers fire within about a second
						"--camunda.bpm.job-execution.wait-time-in-millis=200",
						"--camunda.bpm.job-execution.max-wait=1000", "--pipewright.mailchimp.api-key=" + key,
						"--pipewright.mailchimp.base-url=" + mailChimpUrl,
						// a dead node's claims run out after 15 s (a claim must outlast
						// 2 x (connect + read timeout)); a read timed out on a starved
						// machine would send a change again, and 3 s once did (a change
						// asked for twice by one node, its first answer 1 s late)
						"--pipewright.mailchimp.connect-timeout=1s", "--pipewright.mailchimp.read-timeout=6s",
						"--pipewright.mailchimp.claim-ttl=15s", "--pipewright.mailchimp.poll-interval=500ms",
						"--pipewright.mailchimp.backoff-base=100ms", "--pipewright.mailchimp.backoff-max=1s",
						// one request per change: the fake counts them per member
						"--pipewright.mailchimp.batch-threshold=100000",
						// one more, to look into a failure: e.g.
						// -Dscaleout.node-argument=--logging.level.org.camunda.bpm.engine.context=DEBUG
						System.getProperty("scaleout.node-argument", "--pipewright.test.none=")),
				LOGS.resolve(name + ".log"));
	}

	private static byte[] bpmn() throws Exception {
		try (var in = ScaleOutPostgresTests.class.getResourceAsStream("/scaleout/scale-out.bpmn")) {
			return in.readAllBytes();
		}
	}

	private static String apiKey() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes) + "-us6";
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}

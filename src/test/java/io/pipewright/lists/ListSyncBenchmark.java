package io.pipewright.lists;

import io.pipewright.PipewrightApplication;
import io.pipewright.lead.LeadService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.net.ServerSocketFactory;

import mockwebserver3.MockWebServer;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How close list sync comes to what MailChimp's connection limit allows, against a local
 * fake MailChimp that takes a set latency L over every call. With 10 connections, one
 * call per change can sync at most 10 / L changes a second:
 * <ul>
 * <li>(a) single-member sync: goal at least 0.9 of that limit;</li>
 * <li>(b) a backlog of 10,000 changes for one audience, through batch calls: goal at
 * least 10 times that limit.</li>
 * </ul>
 * Not a test: run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.lists.ListSyncBenchmark}.
 * It starts the application on an in-memory H2 with its own sync switched off, and runs a
 * worker of its own for each part. Each part drains a queue recorded before the worker
 * starts, after a smaller warm-up run that is not counted.
 */
public final class ListSyncBenchmark {

	private static final Duration LATENCY = Duration.ofMillis(100);

	private static final int CONCURRENCY = 10;

	private static final int BATCH_SIZE = 500;

	private static final int BATCH_THRESHOLD = 20;

	private static final int SINGLE_CHANGES = 1_000;

	private static final int BACKLOG_CHANGES = 10_000;

	private ListSyncBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		MailChimpFake mailChimp = new MailChimpFake();
		mailChimp.latency(LATENCY);
		try (MockWebServer server = new MockWebServer()) {
			server.setDispatcher(mailChimp);
			server.setServerSocketFactory(new NoDelayServerSockets());
			server.start();
			// as arguments, so they win over application.yaml and config/
			ConfigurableApplicationContext context = new SpringApplicationBuilder(PipewrightApplication.class).run(
					"--spring.datasource.url=jdbc:h2:mem:benchmark;DB_CLOSE_DELAY=-1", "--server.port=0",
					"--pipewright.admin.password=benchmark-only", "--pipewright.mailchimp.api-key=",
					"--logging.level.root=WARN", "--spring.main.banner-mode=off");
			try {
				Bench bench = new Bench(context, server.url("/3.0/").uri());
				double limit = CONCURRENCY / (LATENCY.toMillis() / 1000.0);

				bench.run("warm-up-single", 200, List.of(), Integer.MAX_VALUE);
				double single = bench.run("single", SINGLE_CHANGES, List.of(), Integer.MAX_VALUE);
				bench.run("warm-up-backlog", 1_000, List.of("import"), BATCH_THRESHOLD);
				int batchesBefore = mailChimp.batches.size();
				double backlog = bench.run("backlog", BACKLOG_CHANGES, List.of("import"), BATCH_THRESHOLD);
				int batchCalls = mailChimp.batches.size() - batchesBefore;

				Runtime runtime = Runtime.getRuntime();
				print("List sync benchmark");
				print("machine:  %d cores, %s %s (%s), %s %s, max heap %d MB", runtime.availableProcessors(),
						System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
						System.getProperty("java.vm.vendor"), System.getProperty("os.name"),
						System.getProperty("os.arch"), runtime.maxMemory() / (1024 * 1024));
				print("settings: latency L = %d ms per call (batch calls too), concurrency %d, batch size %d,"
						+ " batch threshold %d; H2 in memory; fake MailChimp with TCP_NODELAY", LATENCY.toMillis(),
						CONCURRENCY, BATCH_SIZE, BATCH_THRESHOLD);
				print("limit:    10 / L = %.1f changes/s (one call per change on every connection)", limit);
				print("(a) single-member: %d changes, no tags (one call each), batching off: %.1f changes/s,"
						+ " ratio %.3f (goal >= 0.9) %s", SINGLE_CHANGES, single, single / limit,
						single / limit >= 0.9 ? "MET" : "MISSED");
				print("(b) backlog:       %d changes for one audience, tagged, %d batch calls: %.1f changes/s,"
						+ " ratio %.2f (goal >= 10) %s", BACKLOG_CHANGES, batchCalls, backlog, backlog / limit,
						backlog / limit >= 10 ? "MET" : "MISSED");
			}
			finally {
				context.close();
			}
		}
	}

	// a command-line program: what it prints is its result
	private static void print(String format, Object... values) {
		System.out.println(String.format(Locale.ROOT, format, values));
	}

	/**
	 * MockWebServer leaves Nagle's algorithm on for the sockets it accepts: a response
	 * written in two parts then waits for the client's delayed acknowledgement, about 40
	 * ms on Linux, on top of L. Measured here: 10 threads calling the fake alone made 67
	 * calls/s with it, 98 without, for a limit of 100.
	 */
	private static final class NoDelayServerSockets extends ServerSocketFactory {

		@Override
		public ServerSocket createServerSocket() throws IOException {
			return new ServerSocket() {

				@Override
				public Socket accept() throws IOException {
					Socket socket = super.accept();
					socket.setTcpNoDelay(true);
					return socket;
				}

			};
		}

		@Override
		public ServerSocket createServerSocket(int port) throws IOException {
			return createServerSocket(port, 50, null);
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog) throws IOException {
			return createServerSocket(port, backlog, null);
		}

		@Override
		public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
			ServerSocket socket = createServerSocket();
			socket.bind(new InetSocketAddress(address, port), backlog);
			return socket;
		}

	}

	private static final class Bench {

		private final ListMemberships memberships;

		private final LeadService leads;

		private final TransactionTemplate transaction;

		private final JdbcTemplate jdbc;

		private final URI baseUrl;

		Bench(ConfigurableApplicationContext context, URI baseUrl) {
			this.memberships = context.getBean(ListMemberships.class);
			this.leads = context.getBean(LeadService.class);
			this.transaction = context.getBean(TransactionTemplate.class);
			this.jdbc = context.getBean(JdbcTemplate.class);
			this.baseUrl = baseUrl;
		}

		/**
		 * Records {@code changes} subscriptions to the audience, then lets a worker sync
		 * them all.
		 * @return changes synced per second, from the worker's start to the last one
		 */
		double run(String listId, int changes, List<String> tags, int batchThreshold) throws InterruptedException {
			record(listId, changes, tags);
			MailChimpProperties properties = new MailChimpProperties("benchmark-us1", baseUrl, CONCURRENCY,
					Duration.ofSeconds(5), Duration.ofSeconds(15), 8, Duration.ofSeconds(2), Duration.ofMinutes(10),
					Duration.ofSeconds(60), Duration.ofSeconds(5), batchThreshold, BATCH_SIZE);
			ListSync sync = new ListSync(properties, memberships, leads, transaction, "benchmark", Clock.systemUTC());
			long started = System.nanoTime();
			sync.start();
			try {
				// checked every 5 ms, so the figure is the worker's time to the nearest
				// few milliseconds
				Awaitility.await()
					.atMost(Duration.ofMinutes(10))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(5))
					.until(() -> count(listId, ListMemberships.PENDING) == 0);
			}
			finally {
				sync.stop();
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			int synced = count(listId, ListMemberships.SYNCED);
			if (synced != changes) {
				throw new IllegalStateException(listId + ": " + synced + " of " + changes + " changes synced");
			}
			return changes / seconds;
		}

		private void record(String listId, int changes, List<String> tags) {
			List<String> leadIds = IntStream.range(0, changes).mapToObj(i -> UUID.randomUUID().toString()).toList();
			OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
			jdbc.batchUpdate("""
					insert into pw_lead (id, name, company, email, currency, status, pipeline_key, pipeline_version,
					process_definition_id, created_at, updated_at)
					values (?, 'Bench Mark', 'Bench AS', ?, 'NOK', 'open', 'p', 1, 'p:1', ?, ?)
					""",
					IntStream.range(0, changes)
						.mapToObj(i -> new Object[] { leadIds.get(i), listId + i + "@example.org", now, now })
						.toList());
			transaction.executeWithoutResult(tx -> leadIds
				.forEach(id -> memberships.want(new WantedMembership(id, listId, true, tags, "p", "S"))));
		}

		private int count(String listId, String state) {
			return jdbc.queryForObject("select count(*) from pw_list_change where list_id = ? and state = ?",
					Integer.class, listId, state);
		}

	}

}

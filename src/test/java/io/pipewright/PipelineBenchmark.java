package io.pipewright;

import io.pipewright.lead.Currency;
import io.pipewright.lead.LeadService;
import io.pipewright.lead.NewLead;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Lead throughput through the shipped new-business pipeline, Pipewright against bare
 * Camunda on the same BPMN and the same kind of database, measured in one run:
 * <ul>
 * <li>bare: a plain Camunda engine (no Pipewright) driven from Java: start with the
 * lead's fields, five fact reports that move it stage by stage, the LeadWon message;</li>
 * <li>layer: the same path through Pipewright's LeadService from Java (its tables,
 * routing, stage history, in the engine's transaction);</li>
 * <li>API: the same path over HTTP (POST lead, five POST facts, POST won) by concurrent
 * clients, with each call's latency.</li>
 * </ul>
 * The three take turns for several rounds ({@code -Dbench.rounds=}, 3 by default), bare
 * Camunda and Pipewright each on its own database kept for all rounds, and the ratios are
 * the last round's: the JIT compilers, sharing the two cores with the clients, compile
 * late, and a run costs less for several runs. Not a test: run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.PipelineBenchmark}
 * and {@code -Dpipewright.test.database=postgresql} for PostgreSQL;
 * {@code -Dbench.leads=} and {@code -Dbench.clients=} change the load.
 * <p>
 * {@code -Dbench.statements=true} (H2 only) counts instead the SQL statements a lead
 * takes, bare and through the LeadService with one client, from H2's query statistics,
 * and over the API, and prints the most frequent.
 */
public final class PipelineBenchmark {

	private static final int LEADS = Integer.getInteger("bench.leads", 400);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 16);

	private static final int WARM_UP = 60;

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	/** The facts that carry a lead up the staircase, one report each. */
	private static final List<Map<String, Object>> STEPS = List.of(Map.of("interestConfirmed", true),
			Map.of("meetingAgreed", true), Map.of("needConfirmed", true, "budgetConfirmed", true),
			Map.of("decisionMakersMet", true), Map.of("offerAccepted", true));

	private PipelineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s, max heap %d MB%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.version"),
				Runtime.getRuntime().maxMemory() / (1024 * 1024));
		System.out.printf(Locale.ROOT, "Settings: %s, %d rounds, %d leads per run after %d warm-up, %d clients%n",
				TestDatabases.postgres() ? "PostgreSQL (embedded)" : "H2 file", ROUNDS, LEADS, WARM_UP, CLIENTS);

		if (Boolean.getBoolean("bench.statements")) {
			statements();
			System.exit(0);
		}
		// The runs share one JVM and its JIT compilers, which on a busy machine compile
		// late: a run's cost falls for several runs. So bare Camunda and Pipewright
		// take turns, each on its own database kept for all rounds, and the ratios are
		// the last round's, when both have run as long.
		List<Result[]> rounds = new ArrayList<>();
		bare(TestDatabases.fresh(), engine -> {
			RuntimeService runtime = engine.getRuntimeService();
			try (ConfigurableApplicationContext app = pipewright()) {
				LeadService leads = app.getBean(LeadService.class);
				int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
				ApiClient client = ApiClient.admin(port);
				for (int round = 1; round <= ROUNDS; round++) {
					System.out.printf(Locale.ROOT, "round %d of %d%n", round, ROUNDS);
					rounds.add(new Result[] { run("bare", (i, latencies) -> throughBare(runtime, i)),
							run("layer", (i, latencies) -> throughLeadService(leads, i)),
							run("API", (i, latencies) -> throughApi(client, i, latencies)) });
				}
			}
		});
		Result[] last = rounds.get(rounds.size() - 1);
		double bare = last[0].leadsPerSecond;
		double bareCpu = last[0].cpuPerLead;
		Result layer = last[1];
		Result api = last[2];

		System.out.println();
		System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s %12s %12s%n", "round", "bare", "layer", "API", "layer/bare",
				"API/bare");
		for (int round = 0; round < rounds.size(); round++) {
			Result[] r = rounds.get(round);
			System.out.printf(Locale.ROOT, "%-8d %10.1f %10.1f %10.1f %12.2f %12.2f%n", round + 1, r[0].leadsPerSecond,
					r[1].leadsPerSecond, r[2].leadsPerSecond, r[1].leadsPerSecond / r[0].leadsPerSecond,
					r[2].leadsPerSecond / r[0].leadsPerSecond);
		}
		System.out.println();
		System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "", "leads/s", "vs bare");
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10s%n", "bare Camunda, from Java (last round)", bare, "1.00");
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10.2f%n", "Pipewright's LeadService, from Java",
				layer.leadsPerSecond, layer.leadsPerSecond / bare);
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10.2f%n", "Pipewright's REST API, " + CLIENTS + " clients",
				api.leadsPerSecond, api.leadsPerSecond / bare);
		System.out.println();
		// CPU is what a lead costs whatever else the machine runs; with H2 the database
		// runs in this JVM and is counted, with PostgreSQL its server's work is not
		System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "", "CPU ms/lead", "bare/this");
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10s%n", "bare Camunda, from Java", bareCpu, "1.00");
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10.2f%n", "Pipewright's LeadService, from Java", layer.cpuPerLead,
				bareCpu / layer.cpuPerLead);
		System.out.printf(Locale.ROOT, "%-44s %10.1f %10.2f%n",
				"Pipewright's REST API, " + CLIENTS + " clients (and the clients)", api.cpuPerLead,
				bareCpu / api.cpuPerLead);
		System.out.println();
		System.out.printf(Locale.ROOT, "API latency, %d clients (ms):%n", CLIENTS);
		System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s%n", "call", "calls", "p50", "p99", "max");
		api.latencies.forEach((call, times) -> {
			List<Long> sorted = new ArrayList<>(times);
			Collections.sort(sorted);
			System.out.printf(Locale.ROOT, "%-22s %8d %8.1f %8.1f %8.1f%n", call, sorted.size(),
					percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
		});
		System.exit(0);
	}

	/**
	 * The statements a lead takes, bare and through the layer, one at a time: H2 counts
	 * each statement it executes while its query statistics are on (turning them off
	 * empties them). Background work (pollers, the job executor) is counted too.
	 */
	private static void statements() throws Exception {
		if (TestDatabases.postgres()) {
			throw new IllegalStateException("bench.statements counts from H2's query statistics");
		}
		int leads = Integer.getInteger("bench.leads", 50);
		int top = Integer.getInteger("bench.top", 40);
		TestDatabases.Database bareDatabase = TestDatabases.fresh();
		bare(bareDatabase, engine -> {
			RuntimeService runtime = engine.getRuntimeService();
			Lead lead = (i, latencies) -> throughBare(runtime, i);
			count("bare", bareDatabase, leads, top, lead);
		});
		TestDatabases.Database database = TestDatabases.fresh();
		try (ConfigurableApplicationContext app = pipewright(database)) {
			LeadService service = app.getBean(LeadService.class);
			count("layer", database, leads, top, (i, latencies) -> throughLeadService(service, i));
			int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
			ApiClient client = ApiClient.admin(port);
			count("API", database, leads, top, (i, latencies) -> throughApi(client, i, latencies));
		}
	}

	private static void count(String name, TestDatabases.Database database, int leads, int top, Lead lead)
			throws Exception {
		for (int i = 0; i < 10; i++) {
			lead.drive(numbers.incrementAndGet(), new ConcurrentHashMap<>());
		}
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url(), database.username(),
				database.password()); java.sql.Statement statement = connection.createStatement()) {
			statement.execute("set query_statistics_max_entries 100000");
			statement.execute("set query_statistics false");
			statement.execute("set query_statistics true");
			long cpuAtStart = cpu();
			for (int i = 0; i < leads; i++) {
				lead.drive(numbers.incrementAndGet(), new ConcurrentHashMap<>());
			}
			double cpu = (cpu() - cpuAtStart) / 1e6 / leads;
			record Counted(String sql, long count, double millis) {
			}
			List<Counted> counted = new ArrayList<>();
			try (java.sql.ResultSet rows = statement.executeQuery(
					"select sql_statement, execution_count, cumulative_execution_time from information_schema.query_statistics")) {
				while (rows.next()) {
					String sql = rows.getString(1);
					if (!sql.contains("QUERY_STATISTICS") && !sql.contains("query_statistics")) {
						counted
							.add(new Counted(sql.replaceAll("\\s+", " ").trim(), rows.getLong(2), rows.getDouble(3)));
					}
				}
			}
			statement.execute("set query_statistics false");
			long total = counted.stream().mapToLong(Counted::count).sum();
			double millis = counted.stream().mapToDouble(Counted::millis).sum();
			System.out.printf(Locale.ROOT,
					"%n%s: %.1f statements a lead (%d leads, one at a time), %.1f ms of CPU a lead, H2 executing them %.1f ms%n",
					name, (double) total / leads, leads, cpu, millis / leads);
			counted.sort(Comparator.comparingLong(Counted::count).reversed());
			counted.stream()
				.limit(top)
				.forEach(entry -> System.out.printf(Locale.ROOT, "%8.2f  %s%n", (double) entry.count() / leads,
						shortened(entry.sql())));
			System.out.printf(Locale.ROOT, "%n%s: H2's time by statement, ms a lead:%n", name);
			counted.sort(Comparator.comparingDouble(Counted::millis).reversed());
			counted.stream()
				.limit(top)
				.forEach(entry -> System.out.printf(Locale.ROOT, "%8.3f  %s%n", entry.millis() / leads,
						shortened(entry.sql())));
		}
	}

	private static String shortened(String sql) {
		return sql.length() > 220 ? sql.substring(0, 220) + "..." : sql;
	}

	interface EngineWork {

		void run(ProcessEngine engine) throws Exception;

	}

	/** Bare Camunda: the same BPMN, history level and database kind, no Pipewright. */
	private static void bare(TestDatabases.Database database, EngineWork work) throws Exception {
		ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
		// the pool the server uses too, at its default size
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(database.url());
		pool.setUsername(database.username());
		pool.setPassword(database.password());
		configuration.setDataSource(pool);
		// as the Spring Boot starter does; the default id blocks take a second connection
		configuration.setIdGenerator(new StrongUuidGenerator());
		configuration.setDatabaseSchemaUpdate("true");
		configuration.setHistory("full");
		configuration.setJobExecutorActivate(false);
		configuration.setProcessEngineName("bare");
		// the Offer stage's assign-lead task, as a bean that does nothing
		Map<Object, Object> beans = new HashMap<>();
		beans.put("assignLead", (JavaDelegate) execution -> {
		});
		configuration.setBeans(beans);
		ProcessEngine engine = configuration.buildProcessEngine();
		try {
			engine.getRepositoryService().createDeployment().addClasspathResource("bpmn/new-business.bpmn").deploy();
			work.run(engine);
		}
		finally {
			engine.close();
			pool.close();
		}
	}

	private static void throughBare(RuntimeService runtime, int i) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("leadId", "lead-" + i);
		variables.put("name", "Kunde " + i);
		variables.put("owner", "admin");
		variables.put("value", 50_000.0);
		variables.put("currency", "NOK");
		// bare Camunda cannot read a fact nobody reported: start them false
		for (Map<String, Object> step : STEPS) {
			step.keySet().forEach(fact -> variables.put(fact, false));
		}
		String id = runtime.startProcessInstanceByKey("new-business", "lead-" + i, variables).getId();
		for (Map<String, Object> step : STEPS) {
			runtime.setVariables(id, step);
		}
		runtime.createMessageCorrelation("LeadWon").processInstanceId(id).correlateWithResult();
	}

	private static ConfigurableApplicationContext pipewright() {
		return pipewright(TestDatabases.fresh());
	}

	private static ConfigurableApplicationContext pipewright(TestDatabases.Database database) {
		String[] arguments = Stream
			.concat(Stream.of("--server.port=0", "--pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD,
					"--logging.level.root=WARN"), Stream.of(database.arguments()))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(PipewrightApplication.class).run(arguments);
	}

	private static void throughLeadService(LeadService leads, int i) {
		String id = leads
			.create(new NewLead("Kunde " + i, null, null, null, BigDecimal.valueOf(50_000), Currency.NOK, null, null,
					null, "admin", "new-business", null, null), "bench")
			.lead()
			.id();
		for (Map<String, Object> step : STEPS) {
			leads.reportFacts(id, step, "bench");
		}
		leads.win(id, null, "bench");
	}

	static void throughApi(ApiClient client, int i, Map<String, List<Long>> latencies) {
		long start = System.nanoTime();
		String id = client
			.post("/api/leads",
					Map.of("name", "Kunde " + i, "value", 50_000, "owner", "admin", "pipeline", "new-business"))
			.expect(201)
			.path("id")
			.asText();
		start = time(latencies, "POST /api/leads", start);
		for (Map<String, Object> step : STEPS) {
			client.post("/api/leads/{id}/facts", step, id).expect(200);
			start = time(latencies, "POST .../facts", start);
		}
		client.post("/api/leads/{id}/won", "{}", id).expect(200);
		time(latencies, "POST .../won", start);
	}

	private static long time(Map<String, List<Long>> latencies, String call, long start) {
		long now = System.nanoTime();
		latencies.computeIfAbsent(call, c -> Collections.synchronizedList(new ArrayList<>())).add(now - start);
		latencies.computeIfAbsent("all calls", c -> Collections.synchronizedList(new ArrayList<>())).add(now - start);
		return now;
	}

	interface Lead {

		void drive(int index, Map<String, List<Long>> latencies) throws Exception;

	}

	/**
	 * @param cpuPerLead milliseconds of this JVM's CPU (all its threads) a lead took
	 */
	record Result(double leadsPerSecond, double cpuPerLead, Map<String, List<Long>> latencies) {
	}

	private static final AtomicInteger numbers = new AtomicInteger();

	/** Warm-up, then the measured run, each lead by one of the clients. */
	static Result run(String name, Lead lead) throws Exception {
		drive(WARM_UP, lead, new ConcurrentHashMap<>());
		Map<String, List<Long>> latencies = new TreeMap<>();
		Map<String, List<Long>> shared = new ConcurrentHashMap<>();
		long cpuAtStart = cpu();
		long start = System.nanoTime();
		drive(LEADS, lead, shared);
		double seconds = (System.nanoTime() - start) / 1e9;
		latencies.putAll(shared);
		double rate = LEADS / seconds;
		double cpu = (cpu() - cpuAtStart) / 1e6 / LEADS;
		System.out.printf(Locale.ROOT, "%-6s %d leads in %.2f s: %.1f leads/s, %.1f ms of CPU a lead%n", name, LEADS,
				seconds, rate, cpu);
		return new Result(rate, cpu, latencies);
	}

	private static void drive(int count, Lead lead, Map<String, List<Long>> latencies) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = numbers.incrementAndGet();
				work.add(clients.submit(() -> {
					lead.drive(index, latencies);
					return null;
				}));
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			clients.shutdown();
		}
	}

	private static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double percentile(List<Long> sorted, double p) {
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}

}

package io.pipewright;

import java.util.List;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two Pipewright nodes against one, on one PostgreSQL: the same API load as
 * {@link PipelineBenchmark} (create, five fact reports, won; 16 clients), first against
 * one node, then spread over two nodes that share the database, each run on a fresh
 * database. Each node is a JVM of its own. Not a test: run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.ScaleOutBenchmark}.
 * On one machine the nodes share its cores with the database and the clients, so this
 * shows what a second node costs or gains there, not what a second machine would.
 */
public final class ScaleOutBenchmark {

	private static final String HEAP = System.getProperty("bench.heap", "512m");

	private ScaleOutBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s; each node -Xmx%s, PostgreSQL (embedded)%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.version"), HEAP);
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			double one;
			try (NodeProcess node = node(postgres, "pw_one")) {
				ApiClient api = ApiClient.admin(node.port());
				one = PipelineBenchmark.run("1 node", (i, latencies) -> PipelineBenchmark.throughApi(api, i, latencies))
					.leadsPerSecond();
			}
			double two;
			// the second node starts once the first has made the schema and deployed
			try (NodeProcess first = node(postgres, "pw_two"); NodeProcess second = node(postgres, "pw_two")) {
				List<ApiClient> nodes = List.of(ApiClient.admin(first.port()), ApiClient.admin(second.port()));
				two = PipelineBenchmark
					.run("2 nodes", (i, latencies) -> PipelineBenchmark.throughApi(nodes.get(i % 2), i, latencies))
					.leadsPerSecond();
			}
			System.out.println();
			System.out.printf(Locale.ROOT, "%-30s %10s %10s%n", "", "leads/s", "vs 1 node");
			System.out.printf(Locale.ROOT, "%-30s %10.1f %10s%n", "1 node", one, "1.00");
			System.out.printf(Locale.ROOT, "%-30s %10.1f %10.2f%n", "2 nodes, one database", two, two / one);
		}
		System.exit(0);
	}

	private static NodeProcess node(EmbeddedPostgres postgres, String database) throws Exception {
		try (var connection = postgres.getPostgresDatabase().getConnection();
				var statement = connection.createStatement()) {
			var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
			if (!exists.next()) {
				statement.execute("create database " + database);
			}
		}
		return NodeProcess.start(PipewrightApplication.class.getName(), HEAP,
				List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", database),
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						"--pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD));
	}

}

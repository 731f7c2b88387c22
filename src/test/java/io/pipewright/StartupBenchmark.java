package io.pipewright;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up time and resident memory of Pipewright against a bare Camunda Spring Boot
 * application ({@code bench.BareCamundaApplication}: engine, webapps, engine-rest,
 * Actuator, none of Pipewright), each in a JVM of its own with the same heap limit and a
 * fresh H2 file database, alternating, several rounds. Start-up is from launching the JVM
 * to the first 200 from {@code /actuator/health}, with the CPU time the process had used
 * by then (steadier on a shared machine); memory is the process's VmRSS once it has
 * settled. Not a test: run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.StartupBenchmark}.
 */
public final class StartupBenchmark {

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private static final String HEAP = System.getProperty("bench.heap", "512m");

	private StartupBenchmark() {
	}

	private record Run(double seconds, double cpuSeconds, long rssKb) {
	}

	public static void main(String[] args) throws Exception {
		System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, Java %s; each JVM -Xmx%s, H2 file, %d rounds%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("os.arch"), System.getProperty("java.version"), HEAP, ROUNDS);
		List<Run> bare = new ArrayList<>();
		List<Run> pipewright = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			bare.add(start("bench.BareCamundaApplication", "--spring.config.location=classpath:bench/bare.yaml"));
			pipewright.add(start(PipewrightApplication.class.getName(), "--pipewright.admin.password=bench-secret"));
			Run b = bare.get(round - 1);
			Run p = pipewright.get(round - 1);
			System.out.printf(Locale.ROOT,
					"round %d: bare %.2f s (CPU %.2f s) %d MB, Pipewright %.2f s (CPU %.2f s) %d MB, load %.1f%n",
					round, b.seconds(), b.cpuSeconds(), b.rssKb() / 1024, p.seconds(), p.cpuSeconds(), p.rssKb() / 1024,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		double bareSeconds = median(bare.stream().map(Run::seconds).toList());
		double pwSeconds = median(pipewright.stream().map(Run::seconds).toList());
		double bareCpu = median(bare.stream().map(Run::cpuSeconds).toList());
		double pwCpu = median(pipewright.stream().map(Run::cpuSeconds).toList());
		double bareRss = median(bare.stream().map(r -> (double) r.rssKb()).toList()) / 1024;
		double pwRss = median(pipewright.stream().map(r -> (double) r.rssKb()).toList()) / 1024;
		System.out.println();
		System.out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", "median of " + ROUNDS, "start-up s", "CPU s",
				"RSS MB");
		System.out.printf(Locale.ROOT, "%-28s %12.2f %12.2f %12.0f%n", "bare Camunda Spring Boot", bareSeconds, bareCpu,
				bareRss);
		System.out.printf(Locale.ROOT, "%-28s %12.2f %12.2f %12.0f%n", "Pipewright", pwSeconds, pwCpu, pwRss);
		System.out.printf(Locale.ROOT, "%-28s %12.2f %12.2f %12.2f%n", "ratio (goal <= 1.2)", pwSeconds / bareSeconds,
				pwCpu / bareCpu, pwRss / bareRss);
	}

	private static Run start(String main, String setting) throws Exception {
		Path data = Files.createTempDirectory("pipewright-startup-");
		try (NodeProcess node = NodeProcess.start(main, HEAP, List
			.of("--spring.datasource.url=jdbc:h2:file:" + data.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", setting))) {
			return new Run(node.startSeconds(), node.startCpuSeconds(), node.settledRssKb());
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

}

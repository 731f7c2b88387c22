package io.pipewright;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A server in a JVM of its own, as the benchmark programs start them: on the project's
 * test classpath, a free port, and ready at its first 200 from {@code /actuator/health}.
 */
final class NodeProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final double startSeconds;

	private final double startCpuSeconds;

	private NodeProcess(Process process, int port, double startSeconds, double startCpuSeconds) {
		this.process = process;
		this.port = port;
		this.startSeconds = startSeconds;
		this.startCpuSeconds = startCpuSeconds;
	}

	/**
	 * Starts {@code main} with {@code -Xmx heap} and these arguments, and waits until it
	 * is ready.
	 */
	static NodeProcess start(String main, String heap, List<String> arguments) throws Exception {
		return start(main, heap, List.of(), arguments, Files.createTempFile("pipewright-node-", ".log"));
	}

	/**
	 * Starts {@code main} with {@code -Xmx heap}, these JVM options and arguments, its
	 * output in {@code log}, and waits until it is ready.
	 */
	static NodeProcess start(String main, String heap, List<String> jvmOptions, List<String> arguments, Path log)
			throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classpath(), main, "--server.port=" + port, "--logging.level.root=WARN"));
		command.addAll(arguments);
		long begin = System.nanoTime();
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException(main + " stopped; see " + log);
			}
			try {
				return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException notYet) {
				return false; // not listening yet
			}
		});
		double seconds = (System.nanoTime() - begin) / 1e9;
		double cpuSeconds = process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
		return new NodeProcess(process, port, seconds, cpuSeconds);
	}

	/**
	 * The resident set once it has settled: two readings 500 ms apart within 1 % of each
	 * other (a start-up leaves allocation and class loading behind it for a moment).
	 */
	long settledRssKb() {
		long[] last = { -1 };
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			long now = rssKb();
			boolean settled = last[0] > 0 && Math.abs(now - last[0]) <= last[0] / 100;
			last[0] = now;
			return settled ? now : -1;
		}, rss -> rss > 0);
	}

	int port() {
		return port;
	}

	long pid() {
		return process.pid();
	}

	/**
	 * SIGKILL, as a crash or the kernel's OOM killer would end it: no shutdown hook, no
	 * connection closed politely, no claim or lock given back.
	 */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	/**
	 * SIGSTOP (frozen: it runs, commits and answers nothing) or SIGCONT, so that what the
	 * node holds can be read at the moment it will die.
	 */
	void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
		}
	}

	/** From launching the JVM to its first healthy answer. */
	double startSeconds() {
		return startSeconds;
	}

	/**
	 * The CPU time the process had used by its first healthy answer, all its threads (the
	 * JIT compilers' included): steadier than the wall time on a shared machine.
	 */
	double startCpuSeconds() {
		return startCpuSeconds;
	}

	/** The process's resident set (VmRSS), in kB. */
	long rssKb() throws IOException {
		return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))
			.stream()
			.filter(line -> line.startsWith("VmRSS:"))
			.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		process.waitFor();
	}

	/** The project's test classpath, as exec:java's class loader holds it. */
	private static String classpath() {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		if (loader instanceof URLClassLoader urls) {
			return Arrays.stream(urls.getURLs()).map(NodeProcess::file).collect(Collectors.joining(File.pathSeparator));
		}
		return System.getProperty("java.class.path");
	}

	private static String file(URL url) {
		try {
			return Path.of(url.toURI()).toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(url.toString(), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

package io.pipewright.board;

import io.pipewright.PipewrightApplication;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The board's time to first byte with 5,000 open leads on H2, against the API's
 * {@code GET /api/leads?size=20} in the same run. Not a test: a program that starts the
 * server on a fresh H2 file, loads the open leads (spread over the New business stages,
 * with a closed history, open tasks and close-date changes for the badges) straight into
 * Pipewright's tables, and prints the median and p95 of N requests of each, alternating.
 * Run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.board.BoardBenchmark -Dexec.args="5000 200"}.
 */
public final class BoardBenchmark {

	private static final String PASSWORD = "bench-secret-0123456789";

	private static final String[] STAGES = { "Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit",
			"Stage_FollowUpVisit", "Stage_Offer", "Stage_Close" };

	private BoardBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int open = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
		int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
		Path dir = Files.createTempDirectory("pipewright-board-benchmark-");
		try (ConfigurableApplicationContext server = SpringApplication.run(PipewrightApplication.class,
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/pw;DB_CLOSE_ON_EXIT=FALSE",
				"--pipewright.admin.password=" + PASSWORD, "--logging.level.root=WARN")) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			load(server.getBean(DataSource.class), open);
			String base = "http://localhost:" + port;
			HttpClient pages = io.pipewright.PageSession.login(port, "admin", PASSWORD, "en").client();
			HttpClient api = HttpClient.newHttpClient();
			HttpRequest board = HttpRequest.newBuilder(URI.create(base + "/?pipeline=new-business")).build();
			HttpRequest leads = HttpRequest.newBuilder(URI.create(base + "/api/leads?size=20"))
				.header("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
				.build();
			for (int i = 0; i < 30; i++) {
				time(pages, board);
				time(api, leads);
			}
			List<long[]> boardTimes = new ArrayList<>();
			List<long[]> apiTimes = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				boardTimes.add(time(pages, board));
				apiTimes.add(time(api, leads));
			}
			System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, H2 file; %,d open leads, %d requests each%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), open, requests);
			print("board  GET /?pipeline=new-business", boardTimes);
			print("API    GET /api/leads?size=20", apiTimes);
		}
	}

	/** Time to first byte and to the last, in microseconds. */
	private static long[] time(HttpClient client, HttpRequest request) throws Exception {
		long started = System.nanoTime();
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			int first = body.read();
			long firstByte = System.nanoTime() - started;
			if (response.statusCode() != 200 || first < 0) {
				throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
			}
			body.readAllBytes();
			return new long[] { firstByte / 1_000, (System.nanoTime() - started) / 1_000 };
		}
	}

	private static void print(String what, List<long[]> times) {
		System.out.printf(Locale.ROOT,
				"%-36s first byte median %6.1f ms p95 %6.1f ms; whole answer median %6.1f ms p95 %6.1f ms%n", what,
				percentile(times, 0, 0.5), percentile(times, 0, 0.95), percentile(times, 1, 0.5),
				percentile(times, 1, 0.95));
	}

	private static double percentile(List<long[]> times, int which, double p) {
		List<Long> sorted = new ArrayList<>(times.stream().map(t -> t[which]).toList());
		Collections.sort(sorted);
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1000.0;
	}

	/**
	 * Open leads spread over the stages with a visit and an open task each (one in five
	 * overdue, one in ten with its close date moved later twice), and as many closed
	 * leads, each with a finished visit of every stage it passed, for the weighted values
	 * and the usual time in a stage.
	 */
	private static void load(DataSource dataSource, int open) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Random random = new Random(7);
		Instant now = Instant.now();
		String[] owners = { "ingrid", "ola", "kari", "per", "liv", "nils", "sofia", "erik" };
		String[] territories = { "Oslo", "Bergen", "Trondheim", "Stavanger" };
		List<Object[]> leadRows = new ArrayList<>();
		List<Object[]> visitRows = new ArrayList<>();
		List<Object[]> taskRows = new ArrayList<>();
		List<Object[]> eventRows = new ArrayList<>();
		for (int i = 0; i < 2 * open; i++) {
			String id = UUID.randomUUID().toString();
			boolean closed = i >= open;
			int reached = random.nextInt(STAGES.length);
			Instant created = now.minus(Duration.ofHours(24 + random.nextInt(24 * 200)));
			String status = closed ? (random.nextBoolean() ? "won" : "lost") : "open";
			Instant entered = created;
			for (int s = 0; s <= reached; s++) {
				Instant left = entered.plus(Duration.ofHours(1 + random.nextInt(24 * 10)));
				boolean current = s == reached;
				visitRows.add(new Object[] { id, STAGES[s], STAGES[s], UUID.randomUUID().toString(),
						Timestamp.from(entered), current && !closed ? null : Timestamp.from(left),
						current ? (closed ? status : null) : "goal" });
				if (!current) {
					entered = left;
				}
			}
			Instant stageEntered = closed ? entered : entered.isAfter(now) ? now : entered;
			leadRows.add(new Object[] { id, "Person " + i, "Firma " + i + " AS", 10_000 + random.nextInt(900_000),
					owners[i % owners.length], territories[i % territories.length], status,
					closed ? Timestamp.from(now) : null, STAGES[reached], STAGES[reached], Timestamp.from(stageEntered),
					Timestamp.from(created), Timestamp.from(created) });
			if (!closed) {
				Instant due = i % 5 == 0 ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(3));
				taskRows.add(new Object[] { UUID.randomUUID().toString(), id, "Call", Timestamp.from(stageEntered),
						Timestamp.from(due), owners[i % owners.length] });
				if (i % 10 == 0) {
					eventRows.add(new Object[] { id, Timestamp.from(now),
							"{\"from\":\"2030-01-01\",\"to\":\"2030-02-01\"}" });
					eventRows.add(new Object[] { id, Timestamp.from(now),
							"{\"from\":\"2030-02-01\",\"to\":\"2030-03-01\"}" });
				}
			}
		}
		jdbc.batchUpdate(
				"""
						insert into pw_lead (id, name, company, amount, currency, owner, territory, status, closed_at,
						pipeline_key, pipeline_version, process_definition_id, stage_id, stage_name, stage_entered_at,
						created_at, updated_at) values (?, ?, ?, ?, 'NOK', ?, ?, ?, ?, 'new-business', 1, 'benchmark', ?, ?, ?, ?, ?)
						""",
				leadRows);
		jdbc.batchUpdate("""
				insert into pw_stage_visit (lead_id, stage_id, stage_name, activity_instance_id, entered_at, left_at,
				left_by) values (?, ?, ?, ?, ?, ?, ?)
				""", visitRows);
		jdbc.batchUpdate("""
				insert into pw_stage_task (task_id, lead_id, name, created_at, due_at, assignee, outcome)
				values (?, ?, ?, ?, ?, ?, 'open')
				""", taskRows);
		jdbc.batchUpdate("""
				insert into pw_lead_event (lead_id, occurred_at, type, actor, detail)
				values (?, ?, 'CLOSE_DATE_CHANGED', 'admin', ?)
				""", eventRows);
		io.pipewright.StageSummary.fill(jdbc);
	}

}

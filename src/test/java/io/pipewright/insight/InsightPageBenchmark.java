package io.pipewright.insight;

import io.pipewright.PipewrightApplication;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The insight page's time with a large closed history on H2. Not a test: a program that
 * starts the server on a fresh H2 file, loads {@code closed} closed leads of New business
 * and one open lead for every 19 of them with {@link InsightBenchmark}'s loader (open
 * leads get a value, a close date next month and their stage), logs in through the form
 * and asks for {@code /insight?pipeline=new-business&target=...}: the first look (which
 * learns the win model and scores the calibration), then N looks, then the first look
 * after one more lead closed. Run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.insight.InsightPageBenchmark -Dexec.args="100000 20"}.
 */
public final class InsightPageBenchmark {

	private static final String PASSWORD = "bench-secret-0123456789";

	private InsightPageBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int closed = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20;
		// the loader keeps one lead in twenty open
		int leads = (int) Math.ceil(closed * 20 / 19.0);
		Path dir = Files.createTempDirectory("pipewright-insight-page-benchmark-");
		try (ConfigurableApplicationContext server = SpringApplication.run(PipewrightApplication.class,
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath() + "/pw;DB_CLOSE_ON_EXIT=FALSE",
				"--pipewright.admin.password=" + PASSWORD, "--logging.level.root=WARN")) {
			int port = ((WebServerApplicationContext) server).getWebServer().getPort();
			DataSource dataSource = server.getBean(DataSource.class);
			long started = System.nanoTime();
			InsightBenchmark.load(dataSource, leads, Instant.now());
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.update(
					"""
							update pw_lead l set amount = 50000, expected_close_date = ?,
							stage_id = (select max(v.stage_id) from pw_stage_visit v where v.lead_id = l.id and v.left_at is null),
							stage_entered_at = (select max(v.entered_at) from pw_stage_visit v where v.lead_id = l.id)
							where status = 'open'
							""",
					LocalDate.now().plusMonths(1));
			Integer closedLeads = jdbc.queryForObject("select count(*) from pw_lead where status <> 'open'",
					Integer.class);
			Integer openLeads = jdbc.queryForObject("select count(*) from pw_lead where status = 'open'",
					Integer.class);
			System.out.printf(Locale.ROOT, "Loaded %,d closed and %,d open leads in %.1f s%n", closedLeads, openLeads,
					(System.nanoTime() - started) / 1e9);

			String base = "http://localhost:" + port;
			HttpClient pages = io.pipewright.PageSession.login(port, "admin", PASSWORD, "en").client();
			HttpRequest page = HttpRequest
				.newBuilder(URI.create(base + "/insight?pipeline=new-business&target=500000000"))
				.build();
			long first = time(pages, page);
			List<Long> times = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				times.add(time(pages, page));
			}
			// one more closed lead: the model and the calibration are learned again
			closeOne(jdbc);
			long afterClose = time(pages, page);
			Collections.sort(times);

			// the page's parts, as the API answers them, best of three once warm
			HttpClient api = HttpClient.newHttpClient();
			String basic = "Basic "
					+ Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
			List<String> parts = List.of("funnel", "outcomes", "forecast", "adoption", "coaching",
					"warnings?target=500000000", "probability");
			List<String> lines = new ArrayList<>();
			for (String part : parts) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(
							base + "/api/insight/" + part + (part.contains("?") ? "&" : "?") + "pipeline=new-business"))
					.header("Authorization", basic)
					.build();
				long best = Long.MAX_VALUE;
				for (int i = 0; i < 3; i++) {
					best = Math.min(best, time(api, request));
				}
				lines.add(String.format(Locale.ROOT, "  GET /api/insight/%-28s best of 3 %.2f s", part, best / 1e3));
			}
			closeOne(jdbc);
			HttpRequest probability = HttpRequest
				.newBuilder(URI.create(base + "/api/insight/probability?pipeline=new-business"))
				.header("Authorization", basic)
				.build();
			long scored = time(api, probability);
			long kept = time(api, probability);
			System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, H2 file%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
			System.out.printf(Locale.ROOT,
					"GET /insight: first look %.2f s; then %d looks median %.2f s, slowest %.2f s;"
							+ " first look after a lead closed %.2f s%n",
					first / 1e3, requests, times.get((times.size() - 1) / 2) / 1e3, times.get(times.size() - 1) / 1e3,
					afterClose / 1e3);
			lines.forEach(System.out::println);
			System.out.printf(Locale.ROOT,
					"  GET /api/insight/probability after a lead closed: scored again %.2f s, then kept %.3f s%n",
					scored / 1e3, kept / 1e3);
		}
	}

	private static void closeOne(JdbcTemplate jdbc) {
		jdbc.update("update pw_lead set status = 'lost', closed_at = current_timestamp where id ="
				+ " (select min(id) from pw_lead where status = 'open')");
	}

	/** The whole answer's time, in milliseconds. */
	private static long time(HttpClient client, HttpRequest request) throws Exception {
		long started = System.nanoTime();
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			byte[] read = body.readAllBytes();
			if (response.statusCode() != 200 || read.length == 0) {
				throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
			}
		}
		return (System.nanoTime() - started) / 1_000_000;
	}

}

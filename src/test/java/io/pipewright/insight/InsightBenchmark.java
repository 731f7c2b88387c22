package io.pipewright.insight;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How long each insight query takes on a large history, on H2 and on PostgreSQL. Not a
 * test: a program that prints figures. It loads {@code leads} closed and open leads of
 * the New business pipeline (default 200,000; created evenly over the last three years,
 * one in twenty still open, each with the stage visits of its path) straight into
 * Pipewright's tables, migrated by Flyway as the server does, then runs the insight
 * queries ({@link InsightQueries}, the server's own SQL) three times each and prints the
 * best and the slowest. Run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.insight.InsightBenchmark -Dexec.args="200000 h2,postgres"}.
 */
public final class InsightBenchmark {

	private static final String PIPELINE = "new-business";

	private static final List<String> STAGES = List.of("Stage_Prospecting", "Stage_BookMeeting", "Stage_FirstVisit",
			"Stage_FollowUpVisit", "Stage_Offer", "Stage_Close");

	private static final ZoneId ZONE = ZoneId.of("Europe/Oslo");

	private static final int RUNS = 3;

	private InsightBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int leads = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
		List<String> databases = List.of((args.length > 1 ? args[1] : "h2,postgres").split(","));
		for (String database : databases) {
			if (database.equals("h2")) {
				// -Dbench.h2.dir names the directory of an earlier run's H2 file to time
				// again
				// without loading it again (a million leads take H2 half an hour)
				String earlier = System.getProperty("bench.h2.dir");
				Path dir = earlier != null ? Path.of(earlier)
						: Files.createTempDirectory("pipewright-insight-benchmark-");
				JdbcDataSource h2 = new JdbcDataSource();
				// kept open between connections, as the server's pool keeps it: otherwise
				// every query would pay for opening the database file
				// -Dbench.h2.cache (KB) sizes H2's page cache: the server runs with H2's
				// default (64 MB); a larger one makes loading a million leads much faster
				String cache = System.getProperty("bench.h2.cache");
				h2.setURL("jdbc:h2:file:" + dir.toAbsolutePath() + "/pw;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1"
						+ (cache == null ? "" : ";CACHE_SIZE=" + cache));
				h2.setUser("sa");
				System.out.println("H2 file: " + dir.toAbsolutePath());
				run("H2", h2, earlier != null ? 0 : leads);
			}
			else if (database.equals("postgres")) {
				try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
					.builder()
					.start()) {
					run("PostgreSQL", postgres.getPostgresDatabase(), leads);
				}
			}
			else {
				throw new IllegalArgumentException("Unknown database '" + database + "': h2 or postgres");
			}
		}
	}

	private static void run(String name, DataSource dataSource, int leads) throws SQLException {
		Flyway.configure().dataSource(dataSource).table("pw_schema_history").load().migrate();
		Instant now = Instant.now();
		long started = System.nanoTime();
		if (leads > 0) {
			load(dataSource, leads, now);
			System.out.printf(Locale.ROOT, "%s: loaded %,d leads in %.1f s%n", name, leads, seconds(started));
		}

		InsightQueries queries = new InsightQueries(JdbcClient.create(dataSource), dataSource);
		LocalDate today = LocalDate.ofInstant(now, ZONE);
		Instant yearAgo = today.minusDays(364).atStartOfDay(ZONE).toInstant();
		Instant allTime = today.minusYears(3).minusDays(1).atStartOfDay(ZONE).toInstant();
		Instant tomorrow = today.plusDays(1).atStartOfDay(ZONE).toInstant();
		LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		Instant weekStart = monday.atStartOfDay(ZONE).toInstant();
		Instant weekEnd = monday.plusWeeks(1).atStartOfDay(ZONE).toInstant();
		FunnelFilter none = FunnelFilter.none();
		FunnelFilter rep = new FunnelFilter("rep7", null, null, null, null);

		time(name, "funnel, leads created in the last 365 days (the default, and the plan's history)",
				() -> queries.funnel(PIPELINE, STAGES, yearAgo, tomorrow, none).leads());
		time(name, "funnel, all three years", () -> queries.funnel(PIPELINE, STAGES, allTime, tomorrow, none).leads());
		time(name, "funnel, one rep's leads of the last 365 days",
				() -> queries.funnel(PIPELINE, STAGES, yearAgo, tomorrow, rep).leads());
		time(name, "this week's stage entries",
				() -> queries.entries(PIPELINE, weekStart, weekEnd).values().stream().mapToLong(Long::longValue).sum());
		time(name, "deals won this week", () -> queries.won(PIPELINE, weekStart, weekEnd));
		time(name, "outcomes: won and lost by currency, leads closed in the last 365 days",
				() -> queries.closed(PIPELINE, yearAgo, tomorrow, none)
					.stream()
					.mapToLong(InsightQueries.Closed::leads)
					.sum());
		time(name, "outcomes: sales cycle percentiles, last 365 days",
				() -> queries.cycle(PIPELINE, yearAgo, tomorrow, none).leads());
		time(name, "outcomes: time in each stage, percentiles, last 365 days",
				() -> queries.stageTimes(PIPELINE, yearAgo, tomorrow, none)
					.values()
					.stream()
					.mapToLong(OutcomesView.Spread::leads)
					.sum());
		time(name, "outcomes: ask (Offer) to decision, last 365 days",
				() -> queries.askToDecision(PIPELINE, "Stage_Offer", yearAgo, tomorrow, none).leads());

		time(name, "outcomes: ask as a fact (interestConfirmed) to decision, last 365 days",
				() -> queries.askFactToDecision(PIPELINE, "interestConfirmed", yearAgo, tomorrow, none).leads());

		// adoption, coaching and warnings (this history has no stage tasks or lead
		// events)
		TeamQueries team = new TeamQueries(JdbcClient.create(dataSource));
		Milestones milestones = new Milestones(dataSource);
		WinModels models = new WinModels(milestones, new ProbabilityProperties(null, null, null, null));
		StageNorms norms = new StageNorms(JdbcClient.create(dataSource), new InsightProperties(ZONE, null, null),
				models);
		time(name, "coaching: funnel per rep, leads created in the last 365 days",
				() -> (long) queries.funnelByOwner(PIPELINE, STAGES, yearAgo, tomorrow, none).size());
		time(name, "adoption: tasks done or due in the last 365 days, per rep",
				() -> (long) team.tasksOnTime(PIPELINE, null, yearAgo, tomorrow, now).size());
		time(name, "adoption: open leads touched in the last 14 days, per rep",
				() -> team.touched(PIPELINE, null, now.minus(Duration.ofDays(14)))
					.values()
					.stream()
					.mapToLong(TeamQueries.Share::part)
					.sum());
		time(name, "warnings: the open leads", () -> (long) team.open(PIPELINE, null).size());
		time(name, "warnings: each stage's won share (the board's weighted value)",
				() -> (long) norms.odds(PIPELINE).size());
		time(name, "warnings: each stage's won share, the model learned again (as after an import)", () -> {
			models.imported(new io.pipewright.lead.LeadsImported(java.util.Set.of(PIPELINE)));
			return (long) norms.odds(PIPELINE).size();
		});
		time(name, "warnings: each stage's usual time (the board's stalled badge)",
				() -> (long) norms.usualTimes(PIPELINE).size());
		time(name, "warnings: won this year", () -> (long) team.wonValue(PIPELINE, null, yearAgo, tomorrow).size());
		time(name, "warnings: prospecting and closing work of the last 8 weeks",
				() -> team
					.work(PIPELINE, null,
							java.util.stream.IntStream.rangeClosed(-7, 1)
								.mapToObj(w -> weekStart.plus(Duration.ofDays(7L * w)))
								.toList(),
							STAGES.get(0))
					.stream()
					.mapToLong(work -> work.prospecting() + work.closing())
					.sum());
		time(name, "win probability: learn from every closed lead's milestones (one pass)", () -> {
			WinModel model = new WinModel(5, 10);
			milestones.closed(PIPELINE, closed -> model.learn(new WinModel.Path(closed.milestones(), closed.won())));
			return model.closedLeads();
		});
	}

	private static void time(String database, String query, Supplier<Long> run) {
		List<Double> times = new ArrayList<>();
		long answer = 0;
		for (int i = 0; i < RUNS; i++) {
			long started = System.nanoTime();
			answer = run.get();
			times.add(seconds(started));
		}
		Collections.sort(times);
		System.out.printf(Locale.ROOT, "%s: %-80s best %.3f s, slowest %.3f s (%,d counted)%n", database, query,
				times.get(0), times.get(times.size() - 1), answer);
	}

	/**
	 * Each lead goes on from a stage with probability 0.6; a quarter skip the follow-up
	 * visit; those reaching Close are won half the time.
	 */
	static void load(DataSource dataSource, int leads, Instant now) throws SQLException {
		Random random = new Random(7);
		long span = Duration.ofDays(3 * 365).toSeconds();
		try (Connection connection = dataSource.getConnection()) {
			// the stages' bits in the masks: those a server gave already, the others in
			// the
			// model's order after them
			long[] bits = new long[STAGES.size()];
			try (Statement statement = connection.createStatement()) {
				for (int s = 0; s < STAGES.size(); s++) {
					var found = statement.executeQuery("select bit from pw_stage_bit where pipeline_key = '" + PIPELINE
							+ "' and stage_id = '" + STAGES.get(s) + "'");
					int bit;
					if (found.next()) {
						bit = found.getInt(1);
					}
					else {
						var next = statement
							.executeQuery("select coalesce(max(bit) + 1, 0) from pw_stage_bit where pipeline_key = '"
									+ PIPELINE + "'");
						next.next();
						bit = next.getInt(1);
						statement.execute("insert into pw_stage_bit (pipeline_key, stage_id, bit) values ('" + PIPELINE
								+ "', '" + STAGES.get(s) + "', " + bit + ")");
					}
					bits[s] = 1L << bit;
				}
			}
			connection.setAutoCommit(false);
			try (PreparedStatement lead = connection.prepareStatement("""
					insert into pw_lead (id, name, currency, owner, territory, status, closed_at, pipeline_key,
					pipeline_version, process_definition_id, created_at, updated_at, stage_mask)
					values (?, 'Benchmark AS', 'NOK', ?, ?, ?, ?, ?, 1, 'benchmark', ?, ?, ?)
					"""); PreparedStatement fact = connection.prepareStatement("""
					insert into pw_lead_event (lead_id, occurred_at, type, detail)
					values (?, ?, 'FACTS_REPORTED', '{"interestConfirmed":true}')
					"""); PreparedStatement first = connection.prepareStatement("""
					insert into pw_lead_fact (lead_id, fact, pipeline_key, first_true_at, lead_closed_at)
					values (?, 'interestConfirmed', ?, ?, ?)
					"""); PreparedStatement visit = connection.prepareStatement("""
					insert into pw_stage_visit (lead_id, stage_id, stage_name, activity_instance_id, entered_at,
					left_at, left_by, pipeline_key, lead_closed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					""")) {
				// created in time order, as a server writes them: the tables' rows (and
				// H2's
				// pages) then lie in the order the period scans read them
				long[] ages = new long[leads];
				for (int i = 0; i < leads; i++) {
					ages[i] = (long) (random.nextDouble() * span);
				}
				Arrays.sort(ages);
				long started = System.nanoTime();
				for (int i = 0; i < leads; i++) {
					String id = ordered(random, i);
					Instant at = now.minusSeconds(ages[leads - 1 - i]);
					Instant created = at;
					int furthest = 0;
					while (furthest < STAGES.size() - 1 && random.nextDouble() < 0.6) {
						furthest++;
					}
					boolean open = i % 20 == 0;
					String status = open ? "open"
							: furthest == STAGES.size() - 1 && random.nextBoolean() ? "won" : "lost";
					boolean skipFollowUp = random.nextInt(4) == 0;
					// the visits' times first: each visit carries its lead's close time
					List<Integer> visited = new ArrayList<>();
					List<Instant> times = new ArrayList<>(List.of(at));
					for (int s = 0; s <= furthest; s++) {
						if (s == 3 && skipFollowUp && furthest > 3) {
							continue;
						}
						visited.add(s);
						times.add(times.get(times.size() - 1).plus(Duration.ofDays(1 + random.nextInt(10))));
					}
					at = times.get(times.size() - 1);
					long mask = 0;
					for (int v = 0; v < visited.size(); v++) {
						int s = visited.get(v);
						mask |= bits[s];
						boolean last = v == visited.size() - 1;
						visit.setString(1, id);
						visit.setString(2, STAGES.get(s));
						visit.setString(3, STAGES.get(s));
						visit.setString(4, ordered(random, i * 8 + v));
						visit.setObject(5, times.get(v).atOffset(ZoneOffset.UTC));
						visit.setObject(6, last && open ? null : times.get(v + 1).atOffset(ZoneOffset.UTC));
						visit.setString(7, last ? (open ? null : status) : "goal");
						visit.setString(8, PIPELINE);
						visit.setObject(9, open ? null : at.atOffset(ZoneOffset.UTC));
						visit.addBatch();
						if (s == 1) {
							// the fact that moved it on from prospecting
							fact.setString(1, id);
							fact.setObject(2, times.get(v).atOffset(ZoneOffset.UTC));
							fact.addBatch();
							first.setString(1, id);
							first.setString(2, PIPELINE);
							first.setObject(3, times.get(v).atOffset(ZoneOffset.UTC));
							first.setObject(4, open ? null : at.atOffset(ZoneOffset.UTC));
							first.addBatch();
						}
					}
					lead.setString(1, id);
					lead.setString(2, "rep" + random.nextInt(50));
					lead.setString(3, "territory" + random.nextInt(5));
					lead.setString(4, status);
					lead.setObject(5, open ? null : at.atOffset(ZoneOffset.UTC));
					lead.setString(6, PIPELINE);
					lead.setObject(7, created.atOffset(ZoneOffset.UTC));
					lead.setObject(8, created.atOffset(ZoneOffset.UTC));
					lead.setLong(9, mask);
					lead.addBatch();
					if (i % 20_000 == 19_999) {
						lead.executeBatch();
						visit.executeBatch();
						fact.executeBatch();
						first.executeBatch();
						connection.commit();
						if (i % 100_000 == 99_999) {
							System.out.printf(Locale.ROOT, "  %,d leads loaded, %.0f s%n", i + 1, seconds(started));
						}
					}
				}
				lead.executeBatch();
				visit.executeBatch();
				fact.executeBatch();
				first.executeBatch();
				connection.commit();
			}
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				// PostgreSQL plans on fresh statistics and answers from an index alone
				// only where its visibility map says the rows are visible to all: its
				// autovacuum gives it both soon after a load; H2 needs neither
				if (connection.getMetaData().getDatabaseProductName().contains("PostgreSQL")) {
					statement.execute("vacuum analyze");
				}
			}
		}
	}

	/**
	 * An id in the form of a random UUID whose leading digits count up, as a UUIDv7's
	 * time does. The server gives random ones; loaded in a row, those would land every
	 * commit on every page of each id index, and H2 rewrites each page it changes: a
	 * million leads took it over an hour and 9 GB. Insight reads no index by id except
	 * for the filtered views' lookups of a visit's lead.
	 */
	private static String ordered(Random random, long sequence) {
		return new UUID(sequence << 16 | 0x4000 | random.nextInt(0x1000),
				0x8000_0000_0000_0000L | random.nextLong() >>> 2)
			.toString();
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

}

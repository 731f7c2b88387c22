package io.pipewright.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.TestDatabases;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database with history from before the per-lead summary: migration V14 gives each
 * stage seen a bit, folds each lead's visits into its mask and stamps each visit with its
 * lead's pipeline and close time, so insight reads the old history as it reads new.
 */
class StageSummaryMigrationTests {

	@Test
	void historyFromBeforeTheSummaryIsSummedUp() {
		DataSource dataSource = migratedTo("13");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		OffsetDateTime day = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
		lead(jdbc, "won-1", "p", "won", day.plusDays(20));
		visit(jdbc, "won-1", "p", "B", day, day.plusDays(5));
		visit(jdbc, "won-1", "p", "A", day.plusDays(5), day.plusDays(9));
		visit(jdbc, "won-1", "p", "B", day.plusDays(9), day.plusDays(20));
		lead(jdbc, "open-1", "p", "open", null);
		visit(jdbc, "open-1", "p", "C", day, null);
		lead(jdbc, "other-1", "q", "lost", day.plusDays(3));
		visit(jdbc, "other-1", "q", "C", day, day.plusDays(3));
		lead(jdbc, "none-1", "p", "open", null);

		Flyway.configure().dataSource(dataSource).table("pw_schema_history").load().migrate();

		// bits by stage id per pipeline, each pipeline from 0
		assertThat(jdbc.queryForList("select pipeline_key || ':' || stage_id || '=' || bit from pw_stage_bit"
				+ " order by pipeline_key, bit", String.class))
			.containsExactly("p:A=0", "p:B=1", "p:C=2", "q:C=0");
		assertThat(jdbc.queryForList("select id || '=' || stage_mask from pw_lead order by id", String.class))
			.containsExactly("none-1=0", "open-1=4", "other-1=1", "won-1=3");
		assertThat(jdbc.queryForList("select lead_id || ':' || pipeline_key || ':' || stage_id from pw_stage_visit"
				+ " where lead_closed_at is not null order by lead_id, entered_at", String.class))
			.containsExactly("other-1:q:C", "won-1:p:B", "won-1:p:A", "won-1:p:B");
		assertThat(jdbc.queryForObject("select count(*) from pw_stage_visit where pipeline_key is null", Integer.class))
			.isZero();
	}

	/**
	 * V15 reads the fact reports from before it: each fact's first report as true, with
	 * the lead's pipeline and close time; a fact reported false first counts from its
	 * first true, a fact never true not at all.
	 */
	@Test
	void theFirstTrueReportOfEachFactIsKeptFromTheReportsBefore() {
		DataSource dataSource = migratedTo("14");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		OffsetDateTime day = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
		lead(jdbc, "won-1", "p", "won", day.plusDays(20));
		report(jdbc, "won-1", day, "{\"budgetConfirmed\":false,\"interestConfirmed\":true}");
		report(jdbc, "won-1", day.plusDays(3), "{\"budgetConfirmed\":true}");
		report(jdbc, "won-1", day.plusDays(4), "{\"budgetConfirmed\":true,\"interestConfirmed\":true}");
		report(jdbc, "won-1", day.plusDays(5), "{\"note\":\"true\",\"meetingAgreed\":null}");
		lead(jdbc, "open-1", "q", "open", null);
		report(jdbc, "open-1", day.plusDays(1), "{\"interestConfirmed\":true}");

		Flyway.configure().dataSource(dataSource).table("pw_schema_history").load().migrate();

		assertThat(jdbc.queryForList("""
				select lead_id || ':' || fact || ':' || pipeline_key || ':'
				|| case when lead_closed_at is null then 'open' else 'closed' end
				from pw_lead_fact order by lead_id, first_true_at""", String.class)).containsExactly(
				"open-1:interestConfirmed:q:open", "won-1:interestConfirmed:p:closed",
				"won-1:budgetConfirmed:p:closed");
		assertThat(jdbc.queryForObject(
				"select first_true_at from pw_lead_fact where lead_id = 'won-1' and fact = 'budgetConfirmed'",
				OffsetDateTime.class))
			.isAtSameInstantAs(day.plusDays(3));
	}

	/** A fresh database of the suite's kind, migrated up to the version. */
	private static DataSource migratedTo(String version) {
		TestDatabases.Database database = TestDatabases.fresh();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).table("pw_schema_history").target(version).load().migrate();
		return dataSource;
	}

	private static void report(JdbcTemplate jdbc, String lead, OffsetDateTime at, String detail) {
		jdbc.update("insert into pw_lead_event (lead_id, occurred_at, type, detail) values (?, ?, 'FACTS_REPORTED', ?)",
				lead, at, detail);
	}

	private static void lead(JdbcTemplate jdbc, String id, String pipeline, String status, OffsetDateTime closedAt) {
		OffsetDateTime created = OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
		jdbc.update("""
				insert into pw_lead (id, name, currency, status, closed_at, pipeline_key, pipeline_version,
				process_definition_id, created_at, updated_at) values (?, 'Lead', 'NOK', ?, ?, ?, 1, 'd', ?, ?)
				""", id, status, closedAt, pipeline, created, created);
	}

	private static void visit(JdbcTemplate jdbc, String lead, String pipeline, String stage, OffsetDateTime entered,
			OffsetDateTime left) {
		jdbc.update("""
				insert into pw_stage_visit (lead_id, stage_id, stage_name, activity_instance_id, entered_at, left_at,
				left_by) values (?, ?, ?, ?, ?, ?, ?)
				""", lead, stage, stage, lead + stage + entered, entered, left, left == null ? null : "goal");
	}

}

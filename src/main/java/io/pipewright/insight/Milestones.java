package io.pipewright.insight;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Leads' milestones read from Pipewright's own tables: stage visits and facts reported
 * true, lead by lead, oldest first. A fact reported in the same instant as a stage entry
 * comes first, since reporting it is what moved the lead.
 */
@Repository
class Milestones {

	/** A lead's milestones, each once, oldest first. */
	record Lead(String id, String pipelineKey, String status, String stageId, Instant closedAt,
			List<String> milestones) {

		boolean won() {
			return "won".equals(status);
		}

	}

	private static final String SELECT = """
			select l.id, l.pipeline_key, l.status, l.stage_id, l.closed_at, v.entered_at as at, 1 as kind,
			v.stage_id as name, cast(null as varchar(8000)) as detail
			from pw_lead l join pw_stage_visit v on v.lead_id = l.id where %1$s
			union all
			select l.id, l.pipeline_key, l.status, l.stage_id, l.closed_at, f.first_true_at, 0, f.fact,
			cast(null as varchar(8000))
			from pw_lead l join pw_lead_fact f on f.lead_id = l.id where %1$s
			union all
			select l.id, l.pipeline_key, l.status, l.stage_id, l.closed_at, l.created_at, 2, cast(null as varchar(255)),
			cast(null as varchar(8000))
			from pw_lead l where %1$s
			order by 1, 6, 7, 8
			""";

	private final JdbcTemplate jdbc;

	Milestones(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		// PostgreSQL streams with a cursor only when a fetch size is set (in a
		// transaction)
		this.jdbc.setFetchSize(2000);
	}

	/** Changes whenever a lead of the pipeline is closed, or a closed one goes. */
	record Stamp(long closed, Instant last) {
	}

	Stamp stamp(String pipelineKey) {
		return jdbc.queryForObject(
				"select count(*), max(closed_at) from pw_lead where pipeline_key = ? and status in ('won', 'lost')",
				(rs, n) -> new Stamp(rs.getLong(1), instant(rs, 2)), pipelineKey);
	}

	/**
	 * Every closed lead of the pipeline with its milestones, one at a time. Three plain
	 * reads joined here by lead: as one ordered join, H2 took 24 s for 95,000 closed
	 * leads, this way a few.
	 */
	void closed(String pipelineKey, Consumer<Lead> each) {
		Map<String, Gathered> leads = new HashMap<>();
		jdbc.query("select id, status, closed_at from pw_lead where pipeline_key = ? and status in ('won', 'lost')",
				(RowCallbackHandler) rs -> leads.put(rs.getString(1),
						new Gathered(rs.getString(1), rs.getString(2), instant(rs, 3))),
				pipelineKey);
		if (leads.isEmpty()) {
			return;
		}
		Map<String, String> names = new HashMap<>();
		// the pipeline's closed leads' visits only, from the index on their close time
		jdbc.query("select lead_id, entered_at, stage_id from pw_stage_visit"
				+ " where pipeline_key = ? and lead_closed_at is not null", (RowCallbackHandler) rs -> {
					Gathered lead = leads.get(rs.getString(1));
					if (lead != null) {
						lead.add(instant(rs, 2), 1,
								names.computeIfAbsent(WinModel.STAGE + rs.getString(3), name -> name));
					}
				}, pipelineKey);
		// each fact's first true report, as kept beside the reports
		jdbc.query("select lead_id, first_true_at, fact from pw_lead_fact"
				+ " where pipeline_key = ? and lead_closed_at is not null", (RowCallbackHandler) rs -> {
					Gathered lead = leads.get(rs.getString(1));
					if (lead != null) {
						lead.add(instant(rs, 2), 0,
								names.computeIfAbsent(WinModel.FACT + rs.getString(3), name -> name));
					}
				}, pipelineKey);
		leads.values().forEach(lead -> each.accept(lead.lead(pipelineKey)));
	}

	/** A closed lead's milestones as they are read, in any order. */
	private static final class Gathered {

		private record Reached(Instant at, int kind, String milestone) {
		}

		private static final Comparator<Reached> ORDER = Comparator.comparing(Reached::at)
			.thenComparingInt(Reached::kind)
			.thenComparing(Reached::milestone);

		private final String id;

		private final String status;

		private final Instant closedAt;

		private final List<Reached> reached = new ArrayList<>(6);

		Gathered(String id, String status, Instant closedAt) {
			this.id = id;
			this.status = status;
			this.closedAt = closedAt;
		}

		void add(Instant at, int kind, String milestone) {
			reached.add(new Reached(at, kind, milestone));
		}

		Lead lead(String pipelineKey) {
			reached.sort(ORDER);
			Set<String> milestones = new LinkedHashSet<>();
			reached.forEach(one -> milestones.add(one.milestone()));
			return new Lead(id, pipelineKey, status, null, closedAt, List.copyOf(milestones));
		}

	}

	/** How many leads one read asks for: a statement holds three parameters per lead. */
	static final int SLICE = 1000;

	/** One lead with its milestones so far, if it exists. */
	Lead of(String leadId) {
		List<Lead> found = new ArrayList<>();
		of(List.of(leadId), found::add);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * These leads (those that exist) with their milestones so far, one read per
	 * {@value #SLICE} of them.
	 */
	void of(Collection<String> leadIds, Consumer<Lead> each) {
		List<String> ids = List.copyOf(new LinkedHashSet<>(leadIds));
		for (int from = 0; from < ids.size(); from += SLICE) {
			List<String> slice = ids.subList(from, Math.min(ids.size(), from + SLICE));
			Object[] args = new Object[3 * slice.size()];
			for (int i = 0; i < 3; i++) {
				System.arraycopy(slice.toArray(), 0, args, i * slice.size(), slice.size());
			}
			read("l.id in (" + String.join(",", Collections.nCopies(slice.size(), "?")) + ")", each, args);
		}
	}

	// the lead's own row (kind 2) makes a lead without any milestone count too
	private void read(String where, Consumer<Lead> each, Object... args) {
		Folding folding = new Folding(each);
		jdbc.query(SELECT.formatted(where), folding, args);
		folding.flush();
	}

	/** Folds the ordered rows into one lead at a time. */
	private final class Folding implements RowCallbackHandler {

		private final Consumer<Lead> each;

		private Lead current;

		private Set<String> milestones;

		Folding(Consumer<Lead> each) {
			this.each = each;
		}

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			String id = rs.getString(1);
			if (current == null || !current.id().equals(id)) {
				flush();
				milestones = new LinkedHashSet<>();
				current = new Lead(id, rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), null);
			}
			int kind = rs.getInt(7);
			if (kind == 1) {
				milestones.add(WinModel.STAGE + rs.getString(8));
			}
			else if (kind == 0) {
				milestones.add(WinModel.FACT + rs.getString(8));
			}
		}

		void flush() {
			if (current != null) {
				each.accept(new Lead(current.id(), current.pipelineKey(), current.status(), current.stageId(),
						current.closedAt(), List.copyOf(milestones)));
				current = null;
			}
		}

	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
		return at == null ? null : at.toInstant();
	}

}

package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a pipeline's history says of each stage: the share of the leads leaving it that
 * were won in the end, and how long it usually takes. The board's weighted values and
 * stalled badges and insight's warning signs read the same figures, so they never
 * disagree.
 */
@Component
public class StageNorms {

	/** The share of finished visits a stalled lead's time in the stage exceeds. */
	private static final double USUAL = 0.75;

	/** How many finished stage visits the usual time in a stage is measured on. */
	private static final int RECENT_VISITS = 5_000;

	/** Where the recent visits are looked for, narrowest first; null is all time. */
	private static final List<Duration> WINDOWS = Arrays.asList(Duration.ofDays(30), Duration.ofDays(120),
			Duration.ofDays(365), null);

	private final JdbcClient jdbc;

	private final int minMeasured;

	private final WinModels models;

	StageNorms(JdbcClient jdbc, InsightProperties properties, WinModels models) {
		this.jdbc = jdbc;
		this.models = models;
		this.minMeasured = properties.minMeasured();
	}

	/**
	 * A stage's closed leads: how many left it (moved on or were lost there), and how
	 * many of those were won in the end.
	 */
	public record Odds(long decided, long won, int minMeasured) {

		/**
		 * The share won, to four decimals; null while fewer than min-measured left it.
		 */
		public BigDecimal wonShare() {
			return decided >= minMeasured && decided > 0
					? BigDecimal.valueOf(won).divide(BigDecimal.valueOf(decided), 4, RoundingMode.HALF_UP) : null;
		}

	}

	/**
	 * Per stage id; a stage no closed lead has left is missing. Counted by the pipeline's
	 * kept win model, which has every closed lead's stages: a closed lead has left every
	 * stage it entered. No query: the board asks on every render.
	 */
	public Map<String, Odds> odds(String pipelineKey) {
		Map<String, Odds> odds = new HashMap<>();
		models.of(pipelineKey)
			.stages()
			.forEach((stage, count) -> odds.put(stage, new Odds(count[0], count[1], minMeasured)));
		return odds;
	}

	/**
	 * How long each stage usually takes: the time three in four of the pipeline's recent
	 * finished visits (the lead moved on) stayed within; missing for a stage with fewer
	 * than min-measured of them.
	 */
	public Map<String, Duration> usualTimes(String pipelineKey) {
		// the recent visits are looked for in ever wider windows back from now: a
		// bounded range of (pipeline, left_at) is read straight off its index, where
		// "the newest 5,000 of all" made H2 sort every finished visit of the pipeline
		Instant now = Instant.now();
		List<Visit> recent = List.of();
		for (Duration window : WINDOWS) {
			recent = recentVisits(pipelineKey, window == null ? null : now.minus(window));
			if (recent.size() >= RECENT_VISITS) {
				break;
			}
		}
		Map<String, List<Duration>> visits = new HashMap<>();
		recent.forEach(visit -> visits.computeIfAbsent(visit.stageId(), s -> new ArrayList<>()).add(visit.took()));
		Map<String, Duration> usual = new HashMap<>();
		visits.forEach((stage, durations) -> {
			if (durations.size() >= minMeasured) {
				Collections.sort(durations);
				usual.put(stage,
						durations.get((int) Math.min(durations.size() - 1, Math.ceil(USUAL * durations.size()) - 1)));
			}
		});
		return usual;
	}

	private record Visit(String stageId, Duration took) {
	}

	/** The newest finished visits that left the stage since then (or ever, if null). */
	private List<Visit> recentVisits(String pipelineKey, Instant since) {
		return jdbc.sql("""
				select v.stage_id, v.entered_at, v.left_at from pw_stage_visit v
				where v.pipeline_key = :pipeline and v.left_at is not null and v.left_by in ('goal', 'completed')
				""" + (since == null ? "" : " and v.left_at >= :since") + " order by v.left_at desc limit :limit")
			.param("pipeline", pipelineKey)
			.param("limit", RECENT_VISITS)
			.params(since == null ? Map.of() : Map.of("since", since.atOffset(ZoneOffset.UTC)))
			.query((rs, n) -> new Visit(rs.getString("stage_id"),
					Duration.between(rs.getObject("entered_at", OffsetDateTime.class),
							rs.getObject("left_at", OffsetDateTime.class))))
			.list();
	}

}

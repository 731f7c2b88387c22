package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pipewright.lead.WinProbability;
import io.pipewright.operations.PeriodicWork;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The forecast: the open leads' value by expected close month, each weighted by the
 * lead's own win probability (learned from the path the pipeline's closed leads took).
 * Once a week it is kept as a snapshot, so that each forecast can be held against what
 * was won in its month.
 */
@Service
class Forecasts extends PeriodicWork {

	private static final Logger log = LoggerFactory.getLogger(Forecasts.class);

	/** Each lead weighted by its own win probability. */
	static final String PATH = "path";

	/**
	 * Each lead weighted by its stage's odds: the model has no closed lead to learn from.
	 */
	static final String STAGE = "stage";

	static final String PATH_PROBABILITY = "Each lead's value × its own win probability, as the lead shows it:"
			+ " the share of the pipeline's closed leads that took the same steps (or, with too few of those,"
			+ " the same steps in any order, its stage, the whole pipeline) and were won.";

	static final String STAGE_PROBABILITY = "Each lead's value × the share of the pipeline's closed leads that left"
			+ " its stage and were won; with fewer than min-measured such leads, the pipeline's win rate; without"
			+ " closed leads, 0.";

	private final JdbcClient jdbc;

	private final Pipelines pipelines;

	private final InsightProperties properties;

	private final TransactionTemplate transaction;

	private final StageNorms norms;

	private final PathProbabilities probabilities;

	Forecasts(JdbcClient jdbc, Pipelines pipelines, InsightProperties properties, TransactionTemplate transaction,
			StageNorms norms, PathProbabilities probabilities) {
		// hourly: the first look in a new week keeps its snapshot
		super("forecast-snapshot", Duration.ofMinutes(1), Duration.ofHours(1));
		this.norms = norms;
		this.jdbc = jdbc;
		this.pipelines = pipelines;
		this.properties = properties;
		this.transaction = transaction;
		this.probabilities = probabilities;
	}

	/** One month's (or no month's) open value in one currency. */
	record Bucket(YearMonth month, String currency, long leads, BigDecimal pipeline, BigDecimal expected) {
	}

	/**
	 * @param weightedBy {@value #PATH}, or {@value #STAGE} while the pipeline has no
	 * closed leads
	 */
	record Forecast(String weightedBy, List<Bucket> buckets) {

		String probability() {
			return PATH.equals(weightedBy) ? PATH_PROBABILITY : STAGE_PROBABILITY;
		}

	}

	private record Open(String id, String stageId, String currency, LocalDate closeDate, BigDecimal value) {
	}

	/**
	 * The pipeline's open leads (of these owners; null: all) by expected close month from
	 * {@code from} on; a month before it counts as {@code from}, no date as null.
	 */
	Forecast forecast(String pipelineKey, Set<String> owners, YearMonth from) {
		Map<String, Object> params = new HashMap<>();
		params.put("pipeline", pipelineKey);
		String ownerCondition = "";
		if (owners != null) {
			ownerCondition = owners.isEmpty() ? " and 1 = 0" : " and l.owner in (:owners)";
			params.put("owners", owners);
		}
		List<Open> open = jdbc.sql("""
				select l.id, l.stage_id, l.currency, l.expected_close_date, l.amount
				from pw_lead l where l.pipeline_key = :pipeline and l.status = 'open'""" + ownerCondition)
			.params(params)
			.query((rs, n) -> {
				Date closeDate = rs.getDate("expected_close_date");
				return new Open(rs.getString("id"), rs.getString("stage_id"), rs.getString("currency"),
						closeDate == null ? null : closeDate.toLocalDate(), rs.getBigDecimal("amount"));
			})
			.list();
		boolean learned = probabilities.learned(pipelineKey);
		Map<String, BigDecimal> chances = learned ? Map.of() : chances(pipelineKey);
		Map<String, WinProbability> own = learned ? probabilities.of(open.stream().map(Open::id).toList()) : Map.of();

		Map<List<Object>, Bucket> buckets = new TreeMap<>(Comparator.comparing(Object::toString));
		for (Open lead : open) {
			YearMonth month = lead.closeDate() == null ? null : YearMonth.from(lead.closeDate());
			if (month != null && month.isBefore(from)) {
				month = from;
			}
			BigDecimal value = lead.value() == null ? BigDecimal.ZERO : lead.value();
			BigDecimal chance;
			if (learned) {
				WinProbability probability = own.get(lead.id());
				// closed since it was read: it is no longer open value
				chance = probability == null ? BigDecimal.ZERO : probability.value();
			}
			else {
				chance = chances.getOrDefault(lead.stageId(), chances.get(null));
			}
			BigDecimal expected = value.multiply(chance);
			List<Object> key = Arrays.asList(month == null ? "~" : month.toString(), lead.currency());
			Bucket before = buckets.get(key);
			buckets.put(key,
					before == null ? new Bucket(month, lead.currency(), 1, value, expected)
							: new Bucket(month, lead.currency(), before.leads() + 1, before.pipeline().add(value),
									before.expected().add(expected)));
		}
		return new Forecast(learned ? PATH : STAGE, buckets.values()
			.stream()
			.map(b -> new Bucket(b.month(), b.currency(), b.leads(), b.pipeline().setScale(2, RoundingMode.HALF_UP),
					b.expected().setScale(2, RoundingMode.HALF_UP)))
			.toList());
	}

	/**
	 * Per stage, the chance a lead there is won; under the key null, the pipeline's win
	 * rate for stages with too little history.
	 */
	private Map<String, BigDecimal> chances(String pipelineKey) {
		Map<String, BigDecimal> chances = new HashMap<>();
		long[] pipeline = new long[2];
		jdbc.sql("""
				select status, count(*) as leads from pw_lead
				where pipeline_key = :pipeline and status in ('won', 'lost') group by status
				""").param("pipeline", pipelineKey).query((rs, n) -> {
			pipeline[0] += rs.getLong("leads");
			pipeline[1] += "won".equals(rs.getString("status")) ? rs.getLong("leads") : 0;
			return null;
		}).list();
		BigDecimal overall = pipeline[0] == 0 ? BigDecimal.ZERO
				: BigDecimal.valueOf(pipeline[1]).divide(BigDecimal.valueOf(pipeline[0]), 4, RoundingMode.HALF_UP);
		chances.put(null, overall);
		// the board's weighted value and the warnings read the same odds
		norms.odds(pipelineKey).forEach((stage, odds) -> {
			if (odds.wonShare() != null) {
				chances.put(stage, odds.wonShare());
			}
		});
		return chances;
	}

	/** The Monday of the week the instant falls in, in insight's zone. */
	LocalDate weekOf(Instant at) {
		return LocalDate.ofInstant(at, properties.zone()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	/**
	 * Keeps this week's forecast of every pipeline that has none yet; several nodes may
	 * ask at once, one snapshot stays.
	 * @return how many pipelines got one now
	 */
	int snapshot() {
		Instant now = ClockUtil.now().toInstant();
		LocalDate week = weekOf(now);
		YearMonth thisMonth = YearMonth.from(LocalDate.ofInstant(now, properties.zone()));
		int taken = 0;
		for (Pipeline pipeline : pipelines.latest()) {
			if (taken(pipeline.key(), week)) {
				continue;
			}
			List<Bucket> buckets = forecast(pipeline.key(), null, thisMonth).buckets()
				.stream()
				.filter(bucket -> bucket.month() != null)
				.toList();
			if (buckets.isEmpty()) {
				// nothing to forecast: nothing to hold against the months to come
				continue;
			}
			try {
				transaction.executeWithoutResult(tx -> {
					for (Bucket bucket : buckets) {
						jdbc.sql("""
								insert into pw_forecast_snapshot
								(pipeline_key, week_start, taken_at, forecast_month, currency, expected, leads)
								values (?, ?, ?, ?, ?, ?, ?)
								""")
							.params(pipeline.key(), Date.valueOf(week), now.atOffset(ZoneOffset.UTC),
									Date.valueOf(bucket.month().atDay(1)), bucket.currency(), bucket.expected(),
									bucket.leads())
							.update();
					}
				});
				taken++;
			}
			catch (DuplicateKeyException another) {
				// another node took this week's snapshot at the same moment
			}
		}
		return taken;
	}

	private boolean taken(String pipelineKey, LocalDate week) {
		return !jdbc.sql("select 1 from pw_forecast_snapshot where pipeline_key = ? and week_start = ? limit 1")
			.params(pipelineKey, Date.valueOf(week))
			.query()
			.listOfRows()
			.isEmpty();
	}

	/**
	 * Each snapshot's forecast for each month that has ended since, against the value won
	 * in that month; newest snapshot first.
	 */
	List<ForecastView.Accuracy> accuracy(String pipelineKey) {
		YearMonth thisMonth = YearMonth.from(LocalDate.ofInstant(ClockUtil.now().toInstant(), properties.zone()));
		List<ForecastView.Accuracy> rows = new ArrayList<>();
		Map<YearMonth, Map<String, BigDecimal>> won = new HashMap<>();
		jdbc.sql("""
				select week_start, forecast_month, currency, expected from pw_forecast_snapshot
				where pipeline_key = ? and forecast_month < ? order by week_start desc, forecast_month, currency
				""").params(pipelineKey, Date.valueOf(thisMonth.atDay(1))).query((rs, n) -> {
			YearMonth month = YearMonth.from(rs.getDate("forecast_month").toLocalDate());
			String currency = rs.getString("currency");
			BigDecimal forecast = rs.getBigDecimal("expected");
			BigDecimal actual = won.computeIfAbsent(month, m -> wonIn(pipelineKey, m))
				.getOrDefault(currency, BigDecimal.ZERO);
			rows.add(new ForecastView.Accuracy(rs.getDate("week_start").toLocalDate(), month, currency, forecast,
					actual, forecast.subtract(actual),
					forecast.signum() == 0 ? null : actual.divide(forecast, 4, RoundingMode.HALF_UP)));
			return null;
		}).list();
		return rows;
	}

	/** The value won in the month, per currency, the month's days in insight's zone. */
	private Map<String, BigDecimal> wonIn(String pipelineKey, YearMonth month) {
		Map<String, BigDecimal> won = new HashMap<>();
		jdbc.sql("""
				select currency, sum(amount) as total from pw_lead
				where pipeline_key = ? and status = 'won' and closed_at >= ? and closed_at < ? group by currency
				""")
			.params(pipelineKey, month.atDay(1).atStartOfDay(properties.zone()).toOffsetDateTime(),
					month.plusMonths(1).atDay(1).atStartOfDay(properties.zone()).toOffsetDateTime())
			.query((rs, n) -> won.put(rs.getString("currency"),
					rs.getBigDecimal("total") == null ? BigDecimal.ZERO : rs.getBigDecimal("total")))
			.list();
		return won;
	}

	@Override
	protected void work() {
		int taken = snapshot();
		if (taken > 0) {
			log.info("Forecast snapshot of week {} kept for {} pipelines", weekOf(ClockUtil.now().toInstant()), taken);
		}
	}

}

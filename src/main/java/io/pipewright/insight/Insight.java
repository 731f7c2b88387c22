package io.pipewright.insight;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a manager steers by, computed from Pipewright's own tables: the funnel and the
 * activity plan.
 */
@Service
@EnableConfigurationProperties(InsightProperties.class)
@Transactional(readOnly = true)
class Insight {

	static final int DEFAULT_WEEKS = 40;

	/** Measured rates and conversions are shown, and used, with four decimals. */
	private static final int RATE_SCALE = 4;

	private static final int HISTORY_DAYS = 365;

	private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	private static final LocalDate LATEST = LocalDate.of(9999, 12, 30);

	private final Pipelines pipelines;

	private final InsightQueries queries;

	private final IdentityService identity;

	private final InsightProperties properties;

	private final Forecasts forecasts;

	Insight(Pipelines pipelines, InsightQueries queries, IdentityService identity, InsightProperties properties,
			Forecasts forecasts) {
		this.forecasts = forecasts;
		this.pipelines = pipelines;
		this.queries = queries;
		this.identity = identity;
		this.properties = properties;
	}

	/**
	 * The funnel of the leads created from {@code from} to {@code to}, both days
	 * included; by default the last 365 days.
	 */
	FunnelView funnel(String pipelineKey, LocalDate from, LocalDate to, FunnelFilter filter) {
		Period period = period(pipelineKey, from, to, filter);
		LocalDate first = period.first();
		LocalDate last = period.last();
		Pipeline pipeline = pipelines.latest(pipelineKey);
		FunnelCounts counts = counts(pipeline, first, last, filter);
		List<FunnelView.Stage> stages = new ArrayList<>();
		for (int i = 0; i < pipeline.stages().size(); i++) {
			Pipeline.Stage stage = pipeline.stages().get(i);
			FunnelCounts.Stage c = counts.stages().get(i);
			stages.add(new FunnelView.Stage(stage.id(), stage.name(), c.entered(), c.movedOn(), c.lost(), c.open(),
					ratio(c.movedOn(), c.entered())));
		}
		return new FunnelView(ref(pipeline), first, last, zone().getId(), filter, List.copyOf(stages), counts.leads(),
				counts.won(), counts.lost(), counts.open(), ratio(counts.won(), counts.won() + counts.lost()));
	}

	/**
	 * The forecast of the pipeline's open leads (of these owners; null: all) from this
	 * month on, and how the weekly snapshots compared with what was won.
	 */
	ForecastView forecast(String pipelineKey, Set<String> owners) {
		List<FieldProblem> errors = new ArrayList<>();
		requirePipeline(pipelineKey, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		Pipeline pipeline = pipelines.latest(pipelineKey);
		YearMonth thisMonth = YearMonth.from(today());
		List<ForecastView.Month> months = new ArrayList<>();
		List<ForecastView.Amount> undated = new ArrayList<>();
		Forecasts.Forecast forecast = forecasts.forecast(pipeline.key(), owners, thisMonth);
		for (Forecasts.Bucket bucket : forecast.buckets()) {
			if (bucket.month() == null) {
				undated.add(new ForecastView.Amount(bucket.currency(), bucket.leads(), bucket.pipeline()));
			}
			else {
				months.add(new ForecastView.Month(bucket.month(), bucket.currency(), bucket.leads(), bucket.pipeline(),
						bucket.expected()));
			}
		}
		// the snapshots are the whole pipeline's: a manager's own forecast is today's
		// only
		return new ForecastView(ref(pipeline), zone().getId(), forecast.weightedBy(), forecast.probability(), months,
				undated, owners == null ? forecasts.accuracy(pipeline.key()) : List.of());
	}

	/** A period's first and last day, both included. */
	private record Period(LocalDate first, LocalDate last) {
	}

	/**
	 * The period asked for, by default the last 365 days up to today, once the pipeline,
	 * the dates and the owner are checked; an {@link InvalidInput} naming each one wrong.
	 */
	private Period period(String pipelineKey, LocalDate from, LocalDate to, FunnelFilter filter) {
		List<FieldProblem> errors = new ArrayList<>();
		requirePipeline(pipelineKey, errors);
		LocalDate today = today();
		LocalDate last = to != null ? to : today;
		LocalDate first = from != null ? from : last.minusDays(HISTORY_DAYS - 1);
		boolean inRange = inRange("from", from, errors) & inRange("to", to, errors);
		if (inRange && first.isAfter(last)) {
			errors.add(new FieldProblem("from", "must not be after to (" + last + ")"));
		}
		if (filter.owner() != null && !knownRep(filter.owner())) {
			errors.add(new FieldProblem("owner", "'" + filter.owner() + "' is no user and has never owned a lead"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		return new Period(first, last);
	}

	/**
	 * How the leads closed from {@code from} to {@code to} (both days included; by
	 * default the last 365 days) went.
	 * @param askStage the stage whose entry is the ask; by default the stage whose id or
	 * name says offer
	 */
	OutcomesView outcomes(String pipelineKey, LocalDate from, LocalDate to, String askStage, FunnelFilter filter) {
		return outcomes(pipelineKey, from, to, askStage, null, filter);
	}

	/**
	 * @param askFact the fact whose first report as true is the ask, instead of a stage
	 */
	OutcomesView outcomes(String pipelineKey, LocalDate from, LocalDate to, String askStage, String askFact,
			FunnelFilter filter) {
		if (askStage != null && askFact != null) {
			throw new InvalidInput("askFact", "give the ask as a stage (askStage) or a fact (askFact), not both");
		}
		Period period = period(pipelineKey, from, to, filter);
		LocalDate first = period.first();
		LocalDate last = period.last();
		Pipeline pipeline = pipelines.latest(pipelineKey);
		if (askFact != null && pipeline.stages()
			.stream()
			.noneMatch(stage -> stage.goal() != null && stage.goal().facts().contains(askFact))) {
			throw new InvalidInput("askFact", "no goal of pipeline '" + pipelineKey + "' reads a fact '" + askFact
					+ "'; GET /api/pipelines/" + pipelineKey + " lists the goals and their facts");
		}
		Pipeline.Stage ask = askFact != null ? null
				: askStage == null
						? pipeline.stages()
							.stream()
							.filter(stage -> (stage.id() + " " + stage.name()).toLowerCase(Locale.ROOT)
								.contains("offer"))
							.findFirst()
							.orElse(null)
						: pipeline.stages()
							.stream()
							.filter(stage -> stage.id().equals(askStage))
							.findFirst()
							.orElseThrow(
									() -> new InvalidInput("askStage", "pipeline '" + pipelineKey + "' has no stage '"
											+ askStage + "'; GET /api/pipelines/" + pipelineKey + " lists them"));
		Instant start = start(first);
		Instant end = start(last.plusDays(1));
		long won = 0;
		long lost = 0;
		List<OutcomesView.DealSize> deals = new ArrayList<>();
		for (InsightQueries.Closed closed : queries.closed(pipeline.key(), start, end, filter)) {
			if ("won".equals(closed.status())) {
				won += closed.leads();
				BigDecimal total = closed.total() == null ? BigDecimal.ZERO : closed.total();
				deals.add(new OutcomesView.DealSize(closed.currency(), closed.leads(), total,
						total.divide(BigDecimal.valueOf(closed.leads()), 2, RoundingMode.HALF_UP)));
			}
			else {
				lost += closed.leads();
			}
		}
		deals.sort(Comparator.comparing(OutcomesView.DealSize::currency));
		Map<String, OutcomesView.Spread> times = queries.stageTimes(pipeline.key(), start, end, filter);
		List<OutcomesView.StageTime> stages = pipeline.stages()
			.stream()
			.map(stage -> new OutcomesView.StageTime(stage.id(), stage.name(),
					times.getOrDefault(stage.id(), new OutcomesView.Spread(0, null, null, null, null))))
			.toList();
		OutcomesView.AskToDecision askToDecision = askFact != null
				? new OutcomesView.AskToDecision(null, null, askFact,
						queries.askFactToDecision(pipeline.key(), askFact, start, end, filter))
				: ask == null ? null : new OutcomesView.AskToDecision(ask.id(), ask.name(), null,
						queries.askToDecision(pipeline.key(), ask.id(), start, end, filter));
		return new OutcomesView(ref(pipeline), first, last, zone().getId(), filter, won, lost, ratio(won, won + lost),
				List.copyOf(deals), queries.cycle(pipeline.key(), start, end, filter), stages, askToDecision);
	}

	/**
	 * @param hitRates none: each stage's rate is measured on the last 365 days; one: the
	 * rate of every stage; one per stage in model order, the last stage's may be left out
	 */
	ActivityPlanView activityPlan(String pipelineKey, BigDecimal target, BigDecimal averageDeal, List<String> hitRates,
			Integer weeks) {
		List<FieldProblem> errors = new ArrayList<>();
		requirePipeline(pipelineKey, errors);
		positive("target", target, errors);
		positive("averageDeal", averageDeal, errors);
		int workingWeeks = weeks == null ? DEFAULT_WEEKS : weeks;
		if (workingWeeks < 1 || workingWeeks > 53) {
			errors.add(new FieldProblem("weeks", "must be between 1 and 53"));
		}
		List<BigDecimal> entered = hitRates(hitRates, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		Pipeline pipeline = pipelines.latest(pipelineKey);
		int n = pipeline.stages().size();
		if (n == 0) {
			throw new InvalidInput("pipeline", "'" + pipelineKey + "' has no stages to plan activities for");
		}
		if (!entered.isEmpty() && entered.size() != 1 && entered.size() != n && entered.size() != n - 1) {
			throw new InvalidInput("hitRate", "give one rate for every stage, or one per stage in model order (" + n
					+ ", or " + (n - 1) + " leaving out the last stage), not " + entered.size());
		}

		LocalDate today = today();
		LocalDate historyFrom = today.minusDays(HISTORY_DAYS - 1);
		boolean measure = entered.size() != 1 && entered.size() != n;
		FunnelCounts history = measure ? counts(pipeline, historyFrom, today, FunnelFilter.none()) : null;

		List<BigDecimal> rates = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		List<Long> measuredOn = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (entered.size() == 1 || i < entered.size()) {
				rates.add(entered.get(entered.size() == 1 ? 0 : i));
				sources.add("entered");
				measuredOn.add(null);
				continue;
			}
			FunnelCounts.Stage c = history.stages().get(i);
			BigDecimal measured = ratio(c.movedOn(), c.decided());
			// a stage nobody has passed yet would make the plan infinite: that is thin
			// history too
			boolean enough = c.decided() >= properties.minMeasured() && c.movedOn() > 0;
			rates.add(enough ? measured : properties.defaultHitRate());
			sources.add(enough ? "measured" : "default");
			measuredOn.add(c.decided());
		}

		LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		Instant weekStart = start(monday);
		Instant weekEnd = start(monday.plusWeeks(1));
		Map<String, Long> thisWeek = queries.entries(pipeline.key(), weekStart, weekEnd);

		List<BigDecimal> perYear = ActivityPlan.perYear(target, averageDeal, rates);
		List<ActivityPlanView.Stage> stages = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Pipeline.Stage stage = pipeline.stages().get(i);
			BigDecimal year = perYear.get(i);
			stages.add(new ActivityPlanView.Stage(stage.id(), stage.name(), ActivityPlan.shownRate(rates.get(i)),
					sources.get(i), measuredOn.get(i), ActivityPlan.shown(year),
					ActivityPlan.shown(ActivityPlan.perMonth(year)),
					ActivityPlan.shown(ActivityPlan.perWeek(year, workingWeeks)),
					thisWeek.getOrDefault(stage.id(), 0L)));
		}
		BigDecimal deals = ActivityPlan.deals(target, averageDeal);
		ActivityPlanView.Figures dealFigures = new ActivityPlanView.Figures(ActivityPlan.shown(deals),
				ActivityPlan.shown(ActivityPlan.perMonth(deals)),
				ActivityPlan.shown(ActivityPlan.perWeek(deals, workingWeeks)),
				queries.won(pipeline.key(), weekStart, weekEnd));
		String method = "Deals a year = target / average deal = " + dealFigures.perYear()
				+ ", the count of the last stage (" + pipeline.stages().get(n - 1).name()
				+ "); each earlier stage needs the next stage's count / its own hit rate. Per month = per year / 12;"
				+ " per week = per year / " + workingWeeks + " working weeks.";
		return new ActivityPlanView(ref(pipeline), target, averageDeal, workingWeeks, dealFigures,
				new ActivityPlanView.Period(monday, monday.plusDays(6)),
				measure ? new ActivityPlanView.Period(historyFrom, today) : null, zone().getId(), method,
				List.copyOf(stages));
	}

	private FunnelCounts counts(Pipeline pipeline, LocalDate from, LocalDate to, FunnelFilter filter) {
		List<String> stageIds = pipeline.stages().stream().map(Pipeline.Stage::id).toList();
		return queries.funnel(pipeline.key(), stageIds, start(from), start(to.plusDays(1)), filter);
	}

	private static void requirePipeline(String key, List<FieldProblem> errors) {
		if (key == null || key.isBlank()) {
			errors.add(new FieldProblem("pipeline", "is required: the key of a deployed pipeline"));
		}
	}

	/**
	 * Keeps a period's ends to dates every database stores, far from LocalDate's limits.
	 */
	private static boolean inRange(String field, LocalDate day, List<FieldProblem> errors) {
		if (day != null && (day.isBefore(EARLIEST) || day.isAfter(LATEST))) {
			errors.add(new FieldProblem(field, "must lie between " + EARLIEST + " and " + LATEST));
			return false;
		}
		return true;
	}

	private static void positive(String field, BigDecimal value, List<FieldProblem> errors) {
		if (value == null) {
			errors.add(new FieldProblem(field, "is required"));
		}
		else if (value.signum() <= 0) {
			errors.add(new FieldProblem(field, "must be greater than 0"));
		}
	}

	private static List<BigDecimal> hitRates(List<String> values, List<FieldProblem> errors) {
		if (values == null || values.isEmpty()) {
			return List.of();
		}
		List<BigDecimal> rates = new ArrayList<>();
		for (String value : values) {
			BigDecimal rate;
			try {
				rate = new BigDecimal(value.strip());
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldProblem("hitRate", "'" + value + "' is not a number"));
				continue;
			}
			if (rate.signum() <= 0 || rate.compareTo(BigDecimal.ONE) > 0) {
				errors.add(new FieldProblem("hitRate", rate.toPlainString()
						+ " is outside (0, 1]: a hit rate is a share, such as 0.5 for one in two"));
				continue;
			}
			rates.add(rate);
		}
		return rates;
	}

	/** A rep is known to the engine, or has owned leads (and may have left since). */
	private boolean knownRep(String owner) {
		return identity.createUserQuery().userId(owner).count() > 0 || queries.hasOwned(owner);
	}

	private static BigDecimal ratio(long part, long whole) {
		return whole == 0 ? null : ActivityPlan
			.shownRate(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_UP));
	}

	private static FunnelView.PipelineRef ref(Pipeline pipeline) {
		return new FunnelView.PipelineRef(pipeline.key(), pipeline.name(), pipeline.version());
	}

	private LocalDate today() {
		return LocalDate.ofInstant(ClockUtil.now().toInstant(), zone());
	}

	private Instant start(LocalDate day) {
		return day.atStartOfDay(zone()).toInstant();
	}

	private ZoneId zone() {
		return properties.zone();
	}

}

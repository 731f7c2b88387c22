package io.pipewright.insight;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.lead.LeadService;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the team works, rep by rep: adoption of the process, where to coach, and the
 * warning signs. A manager's figures cover their teams' leads only ({@code owners}); null
 * is everyone's.
 */
@Service
@Transactional(readOnly = true)
class TeamInsight {

	static final int DEFAULT_DAYS = 14;

	static final int BALANCE_WEEKS = 8;

	private static final int HISTORY_DAYS = 365;

	private static final int RATE_SCALE = 4;

	private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	private static final LocalDate LATEST = LocalDate.of(9999, 12, 30);

	private static final BigDecimal SECONDS_A_DAY = BigDecimal.valueOf(86_400);

	private final Pipelines pipelines;

	private final InsightQueries insight;

	private final TeamQueries queries;

	private final StageNorms norms;

	private final InsightProperties properties;

	private final LeadService leads;

	TeamInsight(Pipelines pipelines, InsightQueries insight, TeamQueries queries, StageNorms norms,
			InsightProperties properties, LeadService leads) {
		this.pipelines = pipelines;
		this.insight = insight;
		this.queries = queries;
		this.norms = norms;
		this.properties = properties;
		this.leads = leads;
	}

	AdoptionView adoption(String pipelineKey, LocalDate from, LocalDate to, Integer days, Set<String> owners) {
		List<FieldProblem> errors = new ArrayList<>();
		int recent = days == null ? DEFAULT_DAYS : days;
		if (recent < 1 || recent > HISTORY_DAYS) {
			errors.add(new FieldProblem("days", "must be between 1 and " + HISTORY_DAYS));
		}
		Pipeline pipeline = pipeline(pipelineKey, errors);
		LocalDate[] period = period(from, to, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		Instant now = now();
		Instant since = now.minus(Duration.ofDays(recent));
		Map<String, TeamQueries.Share> tasks = queries.tasksOnTime(pipeline.key(), owners, start(period[0]),
				start(period[1].plusDays(1)), now);
		Map<String, TeamQueries.Share> touched = queries.touched(pipeline.key(), owners, since);
		// leads without an owner count for the team only
		Set<String> reps = new TreeSet<>();
		tasks.keySet().stream().filter(Objects::nonNull).forEach(reps::add);
		touched.keySet().stream().filter(Objects::nonNull).forEach(reps::add);
		List<AdoptionView.Rep> rows = reps.stream()
			.map(rep -> adoption(rep, tasks.get(rep), touched.get(rep)))
			.toList();
		AdoptionView.Rep team = adoption(null, sum(tasks), sum(touched));
		return new AdoptionView(ref(pipeline), period[0], period[1], zone().getId(), recent, since, rows, team);
	}

	private static AdoptionView.Rep adoption(String owner, TeamQueries.Share tasks, TeamQueries.Share touched) {
		TeamQueries.Share t = tasks == null ? new TeamQueries.Share(0, 0) : tasks;
		TeamQueries.Share o = touched == null ? new TeamQueries.Share(0, 0) : touched;
		return new AdoptionView.Rep(owner, t.whole(), t.part(), ratio(t.part(), t.whole()), o.whole(), o.part(),
				ratio(o.part(), o.whole()));
	}

	private static TeamQueries.Share sum(Map<String, TeamQueries.Share> shares) {
		return new TeamQueries.Share(shares.values().stream().mapToLong(TeamQueries.Share::whole).sum(),
				shares.values().stream().mapToLong(TeamQueries.Share::part).sum());
	}

	CoachingView coaching(String pipelineKey, LocalDate from, LocalDate to, Set<String> owners) {
		List<FieldProblem> errors = new ArrayList<>();
		Pipeline pipeline = pipeline(pipelineKey, errors);
		LocalDate[] period = period(from, to, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		List<String> stageIds = pipeline.stages().stream().map(Pipeline.Stage::id).toList();
		FunnelFilter filter = new FunnelFilter(null, null, null, null, owners);
		Instant start = start(period[0]);
		Instant end = start(period[1].plusDays(1));
		FunnelCounts teamCounts = insight.funnel(pipeline.key(), stageIds, start, end, filter);
		Map<String, FunnelCounts> byRep = insight.funnelByOwner(pipeline.key(), stageIds, start, end, filter);
		List<CoachingView.Stage> team = new ArrayList<>();
		for (int i = 0; i < stageIds.size(); i++) {
			FunnelCounts.Stage c = teamCounts.stages().get(i);
			Pipeline.Stage stage = pipeline.stages().get(i);
			team.add(new CoachingView.Stage(stage.id(), stage.name(), c.entered(), c.movedOn(),
					ratio(c.movedOn(), c.entered())));
		}
		int min = properties.minMeasured();
		List<CoachingView.Rep> reps = new ArrayList<>();
		byRep.forEach((rep, counts) -> {
			List<CoachingView.Comparison> stages = new ArrayList<>();
			for (int i = 0; i < stageIds.size(); i++) {
				FunnelCounts.Stage c = counts.stages().get(i);
				CoachingView.Stage t = team.get(i);
				BigDecimal conversion = ratio(c.movedOn(), c.entered());
				BigDecimal gap = conversion == null || t.conversion() == null ? null
						: ActivityPlan.shownRate(conversion.subtract(t.conversion()));
				stages.add(new CoachingView.Comparison(t.stageId(), t.stageName(), c.entered(), c.movedOn(), conversion,
						t.entered(), t.movedOn(), t.conversion(), gap, c.entered() >= min));
			}
			CoachingView.Comparison weakest = stages.stream()
				.filter(s -> s.measured() && s.gap() != null && s.gap().signum() < 0)
				.min(Comparator.comparing(CoachingView.Comparison::gap))
				.orElse(null);
			reps.add(new CoachingView.Rep(rep, List.copyOf(stages), weakest));
		});
		return new CoachingView(ref(pipeline), period[0], period[1], zone().getId(), min, List.copyOf(team),
				List.copyOf(reps));
	}

	/**
	 * @param target the value to win this year; none: no check of the pipeline's weight
	 * @param currency the target's; by default the currency most open leads are in
	 */
	WarningsView warnings(String pipelineKey, BigDecimal target, String currency, Set<String> owners) {
		List<FieldProblem> errors = new ArrayList<>();
		Pipeline pipeline = pipeline(pipelineKey, errors);
		if (target != null && target.signum() < 0) {
			errors.add(new FieldProblem("target", "must not be negative"));
		}
		if (currency != null && !currency.matches("[A-Z]{3}")) {
			errors.add(new FieldProblem("currency", "must be a three-letter currency code such as NOK"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		Instant now = now();
		List<TeamQueries.OpenLead> open = queries.open(pipeline.key(), owners);
		Map<String, Pipeline.Stage> stages = new LinkedHashMap<>();
		pipeline.stages().forEach(stage -> stages.put(stage.id(), stage));

		Map<String, Duration> usual = norms.usualTimes(pipeline.key());
		List<WarningsView.Stuck> stuck = new ArrayList<>();
		for (TeamQueries.OpenLead lead : open) {
			Duration normal = usual.get(lead.stageId());
			if (normal == null || lead.stageEnteredAt() == null) {
				continue;
			}
			Duration in = Duration.between(lead.stageEnteredAt(), now);
			if (in.compareTo(normal) > 0) {
				Pipeline.Stage stage = stages.get(lead.stageId());
				stuck.add(new WarningsView.Stuck(lead.id(), lead.name(), lead.owner(), lead.stageId(),
						stage == null ? null : stage.name(), days(in), days(normal)));
			}
		}

		Map<String, Integer> slips = leads.closeDateSlips(open.stream().map(TeamQueries.OpenLead::id).toList());
		List<WarningsView.Slipped> slipped = open.stream()
			.filter(lead -> slips.getOrDefault(lead.id(), 0) >= 2)
			.map(lead -> new WarningsView.Slipped(lead.id(), lead.name(), lead.owner(), slips.get(lead.id())))
			.sorted(Comparator.comparing(WarningsView.Slipped::slips).reversed())
			.toList();

		WarningsView.Target thin = target == null ? null
				: target(pipeline, open, target, currency != null ? currency : mostUsed(open), owners, now);
		return new WarningsView(ref(pipeline), now, zone().getId(), List.copyOf(stuck), slipped, thin,
				balance(pipeline, owners, now));
	}

	private WarningsView.Target target(Pipeline pipeline, List<TeamQueries.OpenLead> open, BigDecimal target,
			String currency, Set<String> owners, Instant now) {
		Map<String, StageNorms.Odds> odds = norms.odds(pipeline.key());
		Map<String, BigDecimal> values = new LinkedHashMap<>();
		pipeline.stages().forEach(stage -> values.put(stage.id(), BigDecimal.ZERO));
		for (TeamQueries.OpenLead lead : open) {
			if (currency.equals(lead.currency()) && lead.value() != null && values.containsKey(lead.stageId())) {
				values.merge(lead.stageId(), lead.value(), BigDecimal::add);
			}
		}
		BigDecimal weighted = BigDecimal.ZERO;
		BigDecimal unweighted = BigDecimal.ZERO;
		List<WarningsView.StageWeight> weights = new ArrayList<>();
		for (Pipeline.Stage stage : pipeline.stages()) {
			BigDecimal value = values.get(stage.id());
			StageNorms.Odds stageOdds = odds.get(stage.id());
			BigDecimal share = stageOdds == null ? null : stageOdds.wonShare();
			BigDecimal stageWeighted = share == null ? null : money(value.multiply(share));
			if (stageWeighted == null) {
				unweighted = unweighted.add(value);
			}
			else {
				weighted = weighted.add(stageWeighted);
			}
			weights.add(new WarningsView.StageWeight(stage.id(), stage.name(), money(value),
					share == null ? null : ActivityPlan.shownRate(share), stageWeighted));
		}
		LocalDate yearFrom = LocalDate.ofInstant(now, zone()).withDayOfYear(1);
		BigDecimal won = queries.wonValue(pipeline.key(), owners, start(yearFrom), start(yearFrom.plusYears(1)))
			.getOrDefault(currency, BigDecimal.ZERO);
		BigDecimal toReach = target.subtract(won).max(BigDecimal.ZERO);
		boolean thin = weighted.compareTo(toReach) < 0;
		return new WarningsView.Target(currency, money(target), yearFrom, money(won), money(toReach), money(weighted),
				money(unweighted), thin, money(toReach.subtract(weighted).max(BigDecimal.ZERO)), List.copyOf(weights));
	}

	/** Each rep's prospecting and closing work per week, the last 8 weeks to this one. */
	private List<WarningsView.Balance> balance(Pipeline pipeline, Set<String> owners, Instant now) {
		LocalDate monday = LocalDate.ofInstant(now, zone()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		LocalDate first = monday.minusWeeks(BALANCE_WEEKS - 1);
		String firstStage = pipeline.stages().isEmpty() ? null : pipeline.stages().get(0).id();
		List<Instant> starts = new ArrayList<>();
		for (int i = 0; i <= BALANCE_WEEKS; i++) {
			starts.add(start(first.plusWeeks(i)));
		}
		Map<String, Map<LocalDate, long[]>> work = new TreeMap<>();
		for (TeamQueries.Work done : queries.work(pipeline.key(), owners, starts, firstStage)) {
			work.computeIfAbsent(done.owner(), o -> new HashMap<>())
				.put(first.plusWeeks(done.week()), new long[] { done.prospecting(), done.closing() });
		}
		List<WarningsView.Balance> balance = new ArrayList<>();
		work.forEach((owner, weeks) -> {
			List<WarningsView.Week> rows = new ArrayList<>();
			long prospecting = 0;
			long closing = 0;
			for (LocalDate week = first; !week.isAfter(monday); week = week.plusWeeks(1)) {
				long[] counts = weeks.getOrDefault(week, new long[2]);
				rows.add(new WarningsView.Week(week, counts[0], counts[1]));
				prospecting += counts[0];
				closing += counts[1];
			}
			balance.add(new WarningsView.Balance(owner, prospecting, closing, List.copyOf(rows)));
		});
		return balance;
	}

	private static String mostUsed(List<TeamQueries.OpenLead> open) {
		Map<String, Long> counts = new TreeMap<>();
		open.forEach(lead -> counts.merge(lead.currency(), 1L, Long::sum));
		return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("NOK");
	}

	private Pipeline pipeline(String key, List<FieldProblem> errors) {
		if (key == null || key.isBlank()) {
			errors.add(new FieldProblem("pipeline", "is required: the key of a deployed pipeline"));
			return null;
		}
		return pipelines.find(key).orElseGet(() -> {
			errors.add(new FieldProblem("pipeline", "no pipeline with key '" + key + "' is deployed"));
			return null;
		});
	}

	/** The period's first and last day, by default the last 365 days to today. */
	private LocalDate[] period(LocalDate from, LocalDate to, List<FieldProblem> errors) {
		boolean inRange = inRange("from", from, errors) & inRange("to", to, errors);
		LocalDate last = to != null && inRange ? to : today();
		LocalDate first = from != null && inRange ? from : last.minusDays(HISTORY_DAYS - 1);
		if (inRange && first.isAfter(last)) {
			errors.add(new FieldProblem("from", "must not be after to (" + last + ")"));
		}
		return new LocalDate[] { first, last };
	}

	private static boolean inRange(String field, LocalDate day, List<FieldProblem> errors) {
		if (day != null && (day.isBefore(EARLIEST) || day.isAfter(LATEST))) {
			errors.add(new FieldProblem(field, "must lie between " + EARLIEST + " and " + LATEST));
			return false;
		}
		return true;
	}

	private static BigDecimal ratio(long part, long whole) {
		return whole == 0 ? null : ActivityPlan
			.shownRate(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_UP));
	}

	private static BigDecimal money(BigDecimal value) {
		return value.setScale(2, RoundingMode.HALF_UP);
	}

	/** Days to one decimal. */
	private static BigDecimal days(Duration duration) {
		return BigDecimal.valueOf(duration.toSeconds()).divide(SECONDS_A_DAY, 1, RoundingMode.HALF_UP);
	}

	private static FunnelView.PipelineRef ref(Pipeline pipeline) {
		return new FunnelView.PipelineRef(pipeline.key(), pipeline.name(), pipeline.version());
	}

	private Instant now() {
		return ClockUtil.now().toInstant();
	}

	private LocalDate today() {
		return LocalDate.ofInstant(now(), zone());
	}

	private Instant start(LocalDate day) {
		return day.atStartOfDay(zone()).toInstant();
	}

	private ZoneId zone() {
		return properties.zone();
	}

}

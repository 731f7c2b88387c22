package io.pipewright.insight;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.security.Viewer;
import io.pipewright.security.Viewers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The manager's dashboard: the funnel and the forecast drawn as charts, with the outcomes
 * of the last year beside them; adoption and coaching per rep; the warning signs; and how
 * well the win probability predicts. The same figures as the insight API; the charts are
 * SVG drawn on the server, so they need no script and carry their numbers as text.
 */
@Controller
class InsightPage {

	private final Insight insight;

	private final Pipelines pipelines;

	private final Viewers viewers;

	private final TeamInsight team;

	private final PathProbabilities probabilities;

	InsightPage(Insight insight, Pipelines pipelines, Viewers viewers, TeamInsight team,
			PathProbabilities probabilities) {
		this.insight = insight;
		this.pipelines = pipelines;
		this.viewers = viewers;
		this.team = team;
		this.probabilities = probabilities;
	}

	/**
	 * One bar of a chart: its segments as shares of the chart's longest bar, 0 to 100.
	 */
	record Bar(String label, String value, List<Segment> segments) {
	}

	/** A segment starts where the one before ended. */
	record Segment(String kind, double x, double width, String title) {
	}

	/** A part of a whole: "3 of 4 (75 %)", and its bar's width, 0 to 100. */
	record Share(long part, long whole, String percent, double width) {
	}

	record AdoptionRow(String owner, Share tasks, Share touched) {
	}

	/**
	 * A rep's weakest stage against the team's: both conversions as percentages and bar
	 * widths, and the gap in percentage points ("−27").
	 */
	record CoachingRow(String owner, String stageName, String conversion, double width, String teamConversion,
			double teamWidth, String gap, long entered) {
	}

	/** The target still to reach against the weighted pipeline, as the page shows it. */
	record TargetFigures(String currency, String target, String won, String toReach, String weighted, String unweighted,
			boolean thin, String shortfall, double toReachWidth, double weightedWidth) {
	}

	/** A rep's weeks as pairs of columns: prospecting, then closing. */
	record BalanceRow(String owner, long prospecting, long closing, List<WeekColumn> weeks) {
	}

	/** Heights and tops in the chart's 0 to 40 box; the week's Monday in the title. */
	record WeekColumn(double x, double prospectingY, double prospectingHeight, double closingY, double closingHeight,
			String title) {
	}

	/**
	 * A bin's point in the reliability chart's 0 to 100 box: predicted across, observed
	 * up.
	 */
	record Point(double x, double y, String title) {
	}

	/**
	 * @param model, fixed the bin's predictions as "predicted → observed (count)", in
	 * percent; null where none fell in the bin
	 */
	record BinRow(int bin, String range, String model, String fixed) {
	}

	record Reliability(List<Point> model, List<Point> fixed, String modelLine, String fixedLine, List<BinRow> rows) {
	}

	/**
	 * A stage's time as a range in the chart's 0 to 100 box: the middle half of the
	 * visits from x to x + width, the median at the line.
	 */
	record TimeRow(String stageId, String name, double x, double width, double median, String value, String title) {
	}

	/** A past forecast against what was won, both bars on the widest one's scale. */
	record AccuracyRow(String week, String month, String currency, String forecast, String won, String ratio,
			double forecastWidth, double wonWidth) {
	}

	/** How many past forecasts the page lists: the newest. */
	static final int ACCURACY_ROWS = 12;

	/**
	 * How many stuck or slipped leads the page lists, the worst first; the API and the
	 * board's stalled badges have them all.
	 */
	static final int WARNED_LEADS = 25;

	@GetMapping("/insight")
	String dashboard(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String target,
			Model model, Locale locale) {
		List<Pipeline> deployed = pipelines.latest();
		model.addAttribute("pipelines", deployed);
		if (deployed.isEmpty()) {
			return "insight/dashboard";
		}
		String key = deployed.stream().anyMatch(p -> p.key().equals(pipeline)) ? pipeline : deployed.get(0).key();
		Viewer viewer = viewers.current();
		Set<String> owners = viewer.isAdmin() ? null : viewers.teamMembers(viewer);
		// first: once a lead has closed, scoring the calibration learns the model the
		// forecast then weighs by, from one read of the closed leads
		CalibrationView calibration = probabilities.calibration(key);
		FunnelFilter filter = new FunnelFilter(null, null, null, null, owners);
		FunnelView funnel = insight.funnel(key, null, null, filter);
		OutcomesView outcomes = insight.outcomes(key, null, null, null, filter);
		ForecastView forecast = insight.forecast(key, owners);
		NumberFormat number = NumberFormat.getIntegerInstance(locale);
		model.addAttribute("pipelineKey", key);
		model.addAttribute("funnel", funnel);
		model.addAttribute("funnelBars", funnelBars(funnel, number));
		model.addAttribute("outcomes", outcomes);
		model.addAttribute("winRate", percent(outcomes.winRate()));
		model.addAttribute("deals",
				outcomes.dealSize()
					.stream()
					.map(deal -> deal.currency() + " " + number.format(deal.average()) + " (" + deal.won() + ")")
					.toList());
		model.addAttribute("stageTimes", timeRows(outcomes.stages(), locale));
		model.addAttribute("askToDecision", outcomes.askToDecision());
		model.addAttribute("forecastBars", forecastBars(forecast, number));
		model.addAttribute("accuracyRows", accuracyRows(forecast, number));
		model.addAttribute("forecast", forecast);

		AdoptionView adoption = team.adoption(key, null, null, null, owners);
		model.addAttribute("adoption", adoption);
		model.addAttribute("adoptionRows", adoption.reps().stream().map(InsightPage::adoptionRow).toList());
		model.addAttribute("adoptionTeam", adoptionRow(adoption.team()));
		CoachingView coaching = team.coaching(key, null, null, owners);
		model.addAttribute("coaching", coaching);
		model.addAttribute("coachingRows", coachingRows(coaching));

		// a target the page cannot read is said so, and the rest of the page still shows
		BigDecimal goal = null;
		if (target != null && !target.isBlank()) {
			try {
				goal = new BigDecimal(target.strip());
			}
			catch (NumberFormatException ex) {
				goal = null;
			}
			if (goal == null || goal.signum() < 0) {
				model.addAttribute("targetRefused", target.strip());
				goal = null;
			}
		}
		model.addAttribute("target", goal == null ? null : goal.toPlainString());
		WarningsView warnings = team.warnings(key, goal, null, owners);
		model.addAttribute("warnings", warnings);
		List<WarningsView.Stuck> stuck = mostStuck(warnings.stuck());
		model.addAttribute("stuckShown", stuck);
		model.addAttribute("stuckMore", warnings.stuck().size() - stuck.size());
		List<WarningsView.Slipped> slipped = warnings.slipped().stream().limit(WARNED_LEADS).toList();
		model.addAttribute("slippedShown", slipped);
		model.addAttribute("slippedMore", warnings.slipped().size() - slipped.size());
		model.addAttribute("targetFigures", warnings.target() == null ? null : target(warnings.target(), number));
		model.addAttribute("balanceRows", balanceRows(warnings));

		model.addAttribute("calibration", calibration);
		model.addAttribute("reliability", reliability(calibration));
		return "insight/dashboard";
	}

	/**
	 * The leads furthest past their stage's usual time first, at most
	 * {@link #WARNED_LEADS}.
	 */
	static List<WarningsView.Stuck> mostStuck(List<WarningsView.Stuck> stuck) {
		return stuck.stream()
			.sorted(Comparator.comparing((WarningsView.Stuck lead) -> lead.daysInStage().subtract(lead.usualDays()))
				.reversed()
				.thenComparing(WarningsView.Stuck::leadId))
			.limit(WARNED_LEADS)
			.toList();
	}

	static Share part(long part, long whole) {
		BigDecimal rate = whole == 0 ? null
				: BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
		return new Share(part, whole, percent(rate), share(part, whole));
	}

	private static AdoptionRow adoptionRow(AdoptionView.Rep rep) {
		return new AdoptionRow(rep.owner(), part(rep.onTime(), rep.tasks()), part(rep.touched(), rep.openLeads()));
	}

	/** Reps with a weakest stage first, furthest below the team first. */
	static List<CoachingRow> coachingRows(CoachingView coaching) {
		return coaching.reps()
			.stream()
			.sorted(Comparator.comparing((CoachingView.Rep rep) -> rep.weakest() == null)
				.thenComparing(rep -> rep.weakest() == null ? BigDecimal.ZERO : rep.weakest().gap())
				.thenComparing(CoachingView.Rep::owner))
			.map(rep -> {
				CoachingView.Comparison weakest = rep.weakest();
				return weakest == null ? new CoachingRow(rep.owner(), null, null, 0, null, 0, null, 0)
						: new CoachingRow(rep.owner(), weakest.stageName(), percent(weakest.conversion()),
								width(weakest.conversion()), percent(weakest.teamConversion()),
								width(weakest.teamConversion()), points(weakest.gap()), weakest.entered());
			})
			.toList();
	}

	/** A difference of two rates in whole percentage points, with a true minus sign. */
	static String points(BigDecimal gap) {
		int points = gap.movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValue();
		return points < 0 ? "−" + (-points) : String.valueOf(points);
	}

	static TargetFigures target(WarningsView.Target target, NumberFormat number) {
		double longest = Math.max(target.toReach().doubleValue(), target.weightedPipeline().doubleValue());
		return new TargetFigures(target.currency(), number.format(target.target()), number.format(target.wonThisYear()),
				number.format(target.toReach()), number.format(target.weightedPipeline()),
				number.format(target.unweighted()), target.thin(), number.format(target.shortfall()),
				longest == 0 ? 0 : 100 * target.toReach().doubleValue() / longest,
				longest == 0 ? 0 : 100 * target.weightedPipeline().doubleValue() / longest);
	}

	/** Every rep's weeks on one scale: the busiest week of anyone is the full height. */
	static List<BalanceRow> balanceRows(WarningsView warnings) {
		long most = warnings.balance()
			.stream()
			.flatMap(rep -> rep.weeks().stream())
			.mapToLong(week -> Math.max(week.prospecting(), week.closing()))
			.max()
			.orElse(0);
		List<BalanceRow> rows = new ArrayList<>();
		for (WarningsView.Balance rep : warnings.balance()) {
			List<WeekColumn> weeks = new ArrayList<>();
			for (int i = 0; i < rep.weeks().size(); i++) {
				WarningsView.Week week = rep.weeks().get(i);
				double p = most == 0 ? 0 : 40.0 * week.prospecting() / most;
				double c = most == 0 ? 0 : 40.0 * week.closing() / most;
				weeks.add(new WeekColumn(i * 10 + 1, 40 - p, p, 40 - c, c,
						week.week() + ": " + week.prospecting() + " / " + week.closing()));
			}
			rows.add(new BalanceRow(rep.owner(), rep.prospecting(), rep.closing(), List.copyOf(weeks)));
		}
		return rows;
	}

	static Reliability reliability(CalibrationView calibration) {
		List<Point> model = points(calibration.model());
		List<Point> fixed = points(calibration.fixed());
		List<BinRow> rows = new ArrayList<>();
		for (int i = 0; i < calibration.model().reliability().size(); i++) {
			CalibrationView.Bin m = calibration.model().reliability().get(i);
			CalibrationView.Bin f = calibration.fixed().reliability().get(i);
			if (m.count() > 0 || f.count() > 0) {
				rows.add(new BinRow(i, range(m), bin(m), bin(f)));
			}
		}
		return new Reliability(model, fixed, line(model), line(fixed), List.copyOf(rows));
	}

	/** "10–20 %" */
	private static String range(CalibrationView.Bin bin) {
		return bin.from().movePointRight(2).setScale(0, RoundingMode.HALF_UP) + "–" + percent(bin.to());
	}

	private static String bin(CalibrationView.Bin bin) {
		return bin.count() == 0 ? null
				: percent(bin.predicted()) + " → " + percent(bin.observed()) + " (" + bin.count() + ")";
	}

	private static List<Point> points(CalibrationView.Scores scores) {
		return scores.reliability()
			.stream()
			.filter(bin -> bin.count() > 0)
			.map(bin -> new Point(bin.predicted().doubleValue() * 100, 100 - bin.observed().doubleValue() * 100,
					range(bin) + ": " + bin(bin)))
			.toList();
	}

	private static String line(List<Point> points) {
		StringBuilder line = new StringBuilder();
		for (Point point : points) {
			line.append(line.isEmpty() ? "" : " ")
				.append(String.format(Locale.ROOT, "%.2f,%.2f", point.x(), point.y()));
		}
		return line.toString();
	}

	private static double width(BigDecimal rate) {
		return rate == null ? 0 : Math.max(0, Math.min(100, rate.doubleValue() * 100));
	}

	/** Per stage: the leads that moved on, were lost there, are still there. */
	static List<Bar> funnelBars(FunnelView funnel, NumberFormat number) {
		long longest = funnel.stages().stream().mapToLong(FunnelView.Stage::entered).max().orElse(0);
		List<Bar> bars = new ArrayList<>();
		for (FunnelView.Stage stage : funnel.stages()) {
			List<Segment> segments = new ArrayList<>();
			double x = 0;
			for (Object[] part : new Object[][] { { "moved", stage.movedOn() }, { "lost", stage.lost() },
					{ "open", stage.open() } }) {
				double width = share((Long) part[1], longest);
				segments.add(new Segment((String) part[0], x, width, part[0] + ": " + number.format(part[1])));
				x += width;
			}
			bars.add(
					new Bar(stage.name(),
							number.format(stage.entered()) + " → " + number.format(stage.movedOn())
									+ (stage.conversion() == null ? "" : " (" + percent(stage.conversion()) + ")"),
							segments));
		}
		return bars;
	}

	/**
	 * Per month, the expected won value against all the value due that month, in the
	 * currency with the most value due: amounts in others do not share its scale.
	 */
	static List<Bar> forecastBars(ForecastView forecast, NumberFormat number) {
		Map<String, BigDecimal> byCurrency = new TreeMap<>();
		forecast.months().forEach(month -> byCurrency.merge(month.currency(), month.pipeline(), BigDecimal::add));
		String currency = byCurrency.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey)
			.orElse(null);
		List<ForecastView.Month> months = forecast.months()
			.stream()
			.filter(month -> month.currency().equals(currency))
			.sorted(Comparator.comparing(ForecastView.Month::month))
			.limit(12)
			.toList();
		double longest = months.stream().mapToDouble(month -> month.pipeline().doubleValue()).max().orElse(0);
		List<Bar> bars = new ArrayList<>();
		for (ForecastView.Month month : months) {
			double expected = longest == 0 ? 0 : 100 * month.expected().doubleValue() / longest;
			double rest = longest == 0 ? 0 : 100 * month.pipeline().doubleValue() / longest - expected;
			bars.add(new Bar(month.month().toString(),
					number.format(month.expected()) + " / " + number.format(month.pipeline()) + " " + currency,
					List.of(new Segment("expected", 0, expected, "expected: " + number.format(month.expected())),
							new Segment("due", expected, Math.max(0, rest),
									"due: " + number.format(month.pipeline())))));
		}
		return bars;
	}

	/**
	 * Per stage with finished visits: the middle half of its days as a range, all stages
	 * on one scale (the longest third quartile).
	 */
	static List<TimeRow> timeRows(List<OutcomesView.StageTime> stages, Locale locale) {
		double longest = stages.stream()
			.map(stage -> stage.days().p75())
			.filter(java.util.Objects::nonNull)
			.mapToDouble(BigDecimal::doubleValue)
			.max()
			.orElse(0);
		NumberFormat days = NumberFormat.getNumberInstance(locale);
		days.setMinimumFractionDigits(1);
		days.setMaximumFractionDigits(1);
		List<TimeRow> rows = new ArrayList<>();
		for (OutcomesView.StageTime stage : stages) {
			OutcomesView.Spread spread = stage.days();
			if (spread.leads() == 0 || spread.median() == null) {
				continue;
			}
			double from = scaled(spread.p25(), longest);
			double to = scaled(spread.p75(), longest);
			String value = days.format(spread.median()) + " (" + days.format(spread.p25()) + "–"
					+ days.format(spread.p75()) + ")";
			rows.add(new TimeRow(stage.stageId(), stage.name(), from, Math.max(0.5, to - from),
					scaled(spread.median(), longest), value, stage.name() + ": " + value + ", " + spread.leads()));
		}
		return rows;
	}

	private static double scaled(BigDecimal days, double longest) {
		return longest == 0 || days == null ? 0 : Math.min(100, 100 * days.doubleValue() / longest);
	}

	/** The newest past forecasts first, each against what its month brought. */
	static List<AccuracyRow> accuracyRows(ForecastView forecast, NumberFormat number) {
		List<ForecastView.Accuracy> newest = forecast.accuracy().stream().limit(ACCURACY_ROWS).toList();
		double longest = newest.stream()
			.mapToDouble(row -> Math.max(row.forecast().doubleValue(), row.won().doubleValue()))
			.max()
			.orElse(0);
		return newest.stream()
			.map(row -> new AccuracyRow(row.weekStart().toString(), row.month().toString(), row.currency(),
					number.format(row.forecast()), number.format(row.won()), percent(row.ratio()),
					longest == 0 ? 0 : 100 * row.forecast().doubleValue() / longest,
					longest == 0 ? 0 : 100 * row.won().doubleValue() / longest))
			.toList();
	}

	private static double share(long part, long whole) {
		return whole == 0 ? 0 : 100.0 * part / whole;
	}

	static String percent(BigDecimal rate) {
		return rate == null ? "–" : rate.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP) + " %";
	}

}

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
 * of the last year beside them. The same figures as the insight API; the charts are SVG
 * drawn on the server, so they need no script and carry their numbers as text.
 */
@Controller
class InsightPage {

	private final Insight insight;

	private final Pipelines pipelines;

	private final Viewers viewers;

	InsightPage(Insight insight, Pipelines pipelines, Viewers viewers) {
		this.insight = insight;
		this.pipelines = pipelines;
		this.viewers = viewers;
	}

	/**
	 * One bar of a chart: its segments as shares of the chart's longest bar, 0 to 100.
	 */
	record Bar(String label, String value, List<Segment> segments) {
	}

	/** A segment starts where the one before ended. */
	record Segment(String kind, double x, double width, String title) {
	}

	@GetMapping("/insight")
	String dashboard(@RequestParam(required = false) String pipeline, Model model, Locale locale) {
		List<Pipeline> deployed = pipelines.latest();
		model.addAttribute("pipelines", deployed);
		if (deployed.isEmpty()) {
			return "insight/dashboard";
		}
		String key = deployed.stream().anyMatch(p -> p.key().equals(pipeline)) ? pipeline : deployed.get(0).key();
		Viewer viewer = viewers.current();
		Set<String> owners = viewer.isAdmin() ? null : viewers.teamMembers(viewer);
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
		model.addAttribute("forecastBars", forecastBars(forecast, number));
		model.addAttribute("forecast", forecast);
		return "insight/dashboard";
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

	private static double share(long part, long whole) {
		return whole == 0 ? 0 : 100.0 * part / whole;
	}

	private static String percent(BigDecimal rate) {
		return rate == null ? "–" : rate.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP) + " %";
	}

}

package io.pipewright.insight;

import io.pipewright.security.Viewer;
import io.pipewright.security.Viewers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/insight")
class InsightController {

	private final Insight insight;

	private final Viewers viewers;

	private final Forecasts forecasts;

	InsightController(Insight insight, Viewers viewers, Forecasts forecasts) {
		this.insight = insight;
		this.viewers = viewers;
		this.forecasts = forecasts;
	}

	// parameters are optional here so that a missing one is a problem naming it, from the
	// service, like any other bad value
	@GetMapping("/activity-plan")
	ActivityPlanView activityPlan(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) BigDecimal target, @RequestParam(required = false) BigDecimal averageDeal,
			@RequestParam(required = false) List<String> hitRate, @RequestParam(required = false) Integer weeks) {
		return insight.activityPlan(pipeline, target, averageDeal, hitRate, weeks);
	}

	@GetMapping("/funnel")
	FunnelView funnel(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String territory,
			@RequestParam(required = false) String productLine, @RequestParam(required = false) String source) {
		return insight.funnel(pipeline, from, to, filter(owner, territory, productLine, source));
	}

	@GetMapping("/outcomes")
	OutcomesView outcomes(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String askStage, @RequestParam(required = false) String askFact,
			@RequestParam(required = false) String owner, @RequestParam(required = false) String territory,
			@RequestParam(required = false) String productLine, @RequestParam(required = false) String source) {
		return insight.outcomes(pipeline, from, to, blankToNull(askStage), blankToNull(askFact),
				filter(owner, territory, productLine, source));
	}

	@GetMapping("/forecast")
	ForecastView forecast(@RequestParam(required = false) String pipeline) {
		Viewer viewer = viewers.current();
		return insight.forecast(pipeline, viewer.isAdmin() ? null : viewers.teamMembers(viewer));
	}

	/**
	 * Keeps this week's forecast now, where it is not kept yet (it is, hourly, anyway).
	 */
	@PostMapping("/forecast/snapshots")
	Map<String, Integer> snapshot() {
		return Map.of("taken", forecasts.snapshot());
	}

	/**
	 * The filter as asked; a manager sees the figures of their teams' leads, an admin
	 * everyone's.
	 */
	private FunnelFilter filter(String owner, String territory, String productLine, String source) {
		Viewer viewer = viewers.current();
		Set<String> owners = viewer.isAdmin() ? null : viewers.teamMembers(viewer);
		return new FunnelFilter(blankToNull(owner), blankToNull(territory), blankToNull(productLine),
				blankToNull(source), owners);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}

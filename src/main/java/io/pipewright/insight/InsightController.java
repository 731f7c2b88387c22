package io.pipewright.insight;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/insight")
class InsightController {

	private final Insight insight;

	InsightController(Insight insight) {
		this.insight = insight;
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
		return insight.funnel(pipeline, from, to, new FunnelFilter(blankToNull(owner), blankToNull(territory),
				blankToNull(productLine), blankToNull(source)));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}

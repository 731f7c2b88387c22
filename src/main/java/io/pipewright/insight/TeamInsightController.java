package io.pipewright.insight;

import io.pipewright.security.Viewer;
import io.pipewright.security.Viewers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Adoption, coaching and warning signs; a manager sees their teams' reps only. */
@RestController
@RequestMapping("/api/insight")
class TeamInsightController {

	private final TeamInsight insight;

	private final Viewers viewers;

	TeamInsightController(TeamInsight insight, Viewers viewers) {
		this.insight = insight;
		this.viewers = viewers;
	}

	@GetMapping("/adoption")
	AdoptionView adoption(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) Integer days) {
		return insight.adoption(pipeline, from, to, days, owners());
	}

	@GetMapping("/coaching")
	CoachingView coaching(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		return insight.coaching(pipeline, from, to, owners());
	}

	@GetMapping("/warnings")
	WarningsView warnings(@RequestParam(required = false) String pipeline,
			@RequestParam(required = false) BigDecimal target, @RequestParam(required = false) String currency) {
		return insight.warnings(pipeline, target, currency == null || currency.isBlank() ? null : currency.strip(),
				owners());
	}

	/** A manager's teams' members; null for an admin, who sees everyone. */
	private Set<String> owners() {
		Viewer viewer = viewers.current();
		return viewer.isAdmin() ? null : viewers.teamMembers(viewer);
	}

}

package io.pipewright.lead;

import io.pipewright.api.PlainText;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/leads")
class LeadController {

	private final LeadService leads;

	LeadController(LeadService leads) {
		this.leads = leads;
	}

	@PostMapping
	ResponseEntity<LeadView> create(@Valid @RequestBody NewLead lead, Principal user) {
		LeadService.Created result = leads.create(lead, user.getName());
		if (!result.created()) {
			return ResponseEntity.ok(result.lead());
		}
		return ResponseEntity.created(URI.create("/api/leads/" + result.lead().id())).body(result.lead());
	}

	@GetMapping("/{id}")
	LeadView one(@PathVariable String id) {
		return leads.get(id);
	}

	@GetMapping("/{id}/timeline")
	List<TimelineEntry> timeline(@PathVariable String id) {
		return leads.timeline(id);
	}

	@GetMapping
	Page list(@RequestParam(required = false) LeadStatus status, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String pipeline, @RequestParam(required = false) String stage,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		LeadPage result = leads.list(new LeadFilter(status, owner, pipeline, stage), page, size);
		List<LeadView> content = result.leads().stream().map(LeadView::summary).toList();
		long pages = (result.total() + size - 1) / size;
		return new Page(content, new Page.Meta(page, size, result.total(), pages));
	}

	@PatchMapping(path = "/{id}", consumes = { "application/json", "application/merge-patch+json" })
	LeadView change(@PathVariable String id, @Valid @RequestBody LeadChanges changes, Principal user) {
		return leads.change(id, changes, user.getName());
	}

	@PostMapping("/{id}/facts")
	LeadView facts(@PathVariable String id, @RequestBody Map<String, Object> facts, Principal user) {
		return leads.reportFacts(id, facts, user.getName());
	}

	@PostMapping("/{id}/won")
	LeadView won(@PathVariable String id, @Valid @RequestBody(required = false) Won won, Principal user) {
		return leads.win(id, won == null ? null : won.value(), user.getName());
	}

	@PostMapping("/{id}/lost")
	LeadView lost(@PathVariable String id, @Valid @RequestBody(required = false) Lost lost, Principal user) {
		return leads.lose(id, lost == null ? null : NewLead.blankToNull(lost.reason()), user.getName());
	}

	record Won(@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value) {
	}

	record Lost(@Size(max = 1000) @PlainText(lines = true) String reason) {
	}

	/** A page of leads, shaped as Spring Data's paged model. */
	record Page(List<LeadView> content, Meta page) {

		record Meta(int number, int size, long totalElements, long totalPages) {
		}

	}

}

package io.pipewright.lead;

import io.pipewright.api.InvalidInput;
import io.pipewright.api.PlainText;
import io.pipewright.lead.LeadAccess.Action;
import io.pipewright.security.Viewer;

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
import org.springframework.web.bind.annotation.DeleteMapping;
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

	private final LeadAccess access;

	private final LeadErasure erasure;

	private final WinProbabilities probabilities;

	LeadController(LeadService leads, LeadAccess access, LeadErasure erasure, WinProbabilities probabilities) {
		this.leads = leads;
		this.access = access;
		this.erasure = erasure;
		this.probabilities = probabilities;
	}

	@PostMapping
	ResponseEntity<LeadView> create(@Valid @RequestBody NewLead lead, Principal user) {
		access.checkOwner(access.viewer(), lead.owner());
		LeadService.Created result = leads.create(lead, user.getName());
		if (!result.created()) {
			// a repeated externalId answers with the lead only to whoever may see it
			access.check(result.lead().id(), Action.READ);
			return ResponseEntity.ok(result.lead());
		}
		return ResponseEntity.created(URI.create("/api/leads/" + result.lead().id())).body(result.lead());
	}

	@GetMapping("/{id}")
	Object one(@PathVariable String id) {
		Viewer viewer = access.check(id, Action.READ);
		LeadView lead = leads.get(id);
		if (LeadAccess.contactOnly(viewer)) {
			return ContactView.of(lead);
		}
		return lead.status() == LeadStatus.OPEN ? probabilities.of(id).map(lead::with).orElse(lead) : lead;
	}

	@GetMapping("/{id}/timeline")
	List<TimelineEntry> timeline(@PathVariable String id) {
		Viewer viewer = access.check(id, Action.READ);
		if (LeadAccess.contactOnly(viewer)) {
			throw new LeadAccessRefused("Marketing sees leads' contact fields, not their timeline");
		}
		return leads.timeline(id);
	}

	@GetMapping
	Page list(@RequestParam(required = false) LeadStatus status, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String pipeline, @RequestParam(required = false) String stage,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		Viewer viewer = access.viewer();
		LeadPage result = leads.list(new LeadFilter(status, owner, pipeline, stage, access.visibleOwners(viewer)), page,
				size);
		boolean contactOnly = LeadAccess.contactOnly(viewer);
		List<Object> content = result.leads()
			.stream()
			.map(LeadView::summary)
			.<Object>map(lead -> contactOnly ? ContactView.of(lead) : lead)
			.toList();
		long pages = (result.total() + size - 1) / size;
		return new Page(content, new Page.Meta(page, size, result.total(), pages));
	}

	@PatchMapping(path = "/{id}", consumes = { "application/json", "application/merge-patch+json" })
	LeadView change(@PathVariable String id, @Valid @RequestBody LeadChanges changes, Principal user) {
		Viewer viewer = access.check(id, changes.owner() == null ? Action.WORK : Action.REASSIGN);
		if (changes.owner() != null) {
			access.checkOwner(viewer, changes.owner().orElse(null));
		}
		return leads.change(id, changes, user.getName());
	}

	@PostMapping("/{id}/facts")
	LeadView facts(@PathVariable String id, @RequestBody Map<String, Object> facts, Principal user) {
		access.check(id, Action.WORK);
		return leads.reportFacts(id, facts, user.getName());
	}

	@PostMapping("/{id}/won")
	LeadView won(@PathVariable String id, @Valid @RequestBody(required = false) Won won, Principal user) {
		access.check(id, Action.WORK);
		return leads.win(id, won == null ? null : won.value(), user.getName());
	}

	@PostMapping("/{id}/lost")
	LeadView lost(@PathVariable String id, @Valid @RequestBody(required = false) Lost lost, Principal user) {
		access.check(id, Action.WORK);
		return leads.lose(id, lost == null ? null : NewLead.blankToNull(lost.reason()), user.getName());
	}

	/**
	 * Erases the person's data (admins only); a lead itself is never deleted, as insight
	 * counts it.
	 */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> erase(@PathVariable String id, @RequestParam(required = false) Boolean erase, Principal user) {
		if (!Boolean.TRUE.equals(erase)) {
			throw new InvalidInput("erase",
					"leads are not deleted: close a lead as won or lost (POST /api/leads/{id}/won or"
							+ " /lost) and it stays in the figures. To erase the person's data on request (name,"
							+ " company, email, phone, external id and fact values, here, in the engine and in MailChimp)"
							+ " send erase=true; the anonymous figures stay");
		}
		erasure.erase(id, user.getName());
		return ResponseEntity.noContent().build();
	}

	record Won(@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value) {
	}

	record Lost(@Size(max = 1000) @PlainText(lines = true) String reason) {
	}

	/** What marketing sees of a lead: how to reach the person, not the deal. */
	record ContactView(String id, String name, String company, String email, String phone, LeadStatus status) {

		static ContactView of(LeadView lead) {
			return new ContactView(lead.id(), lead.name(), lead.company(), lead.email(), lead.phone(), lead.status());
		}

	}

	/** A page of leads, shaped as Spring Data's paged model. */
	record Page(List<Object> content, Meta page) {

		record Meta(int number, int size, long totalElements, long totalPages) {
		}

	}

}

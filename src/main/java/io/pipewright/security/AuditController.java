package io.pipewright.security;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, for admins only (SecurityConfiguration). */
@RestController
class AuditController {

	private final AuditEntries entries;

	AuditController(AuditEntries entries) {
		this.entries = entries;
	}

	@GetMapping("/api/audit")
	Page list(@RequestParam(required = false) String lead, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		AuditEntries.Page found = entries.find(AuditFilter.parse(lead, subject, actor, action, from, to), page, size);
		long pages = (found.total() + size - 1) / size;
		return new Page(found.entries(), new Page.Meta(page, size, found.total(), pages));
	}

	/** A page of entries, shaped as /api/leads' pages. */
	record Page(List<AuditEntry> content, Meta page) {

		record Meta(int number, int size, long totalElements, long totalPages) {
		}

	}

}

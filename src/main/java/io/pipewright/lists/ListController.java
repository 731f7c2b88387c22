package io.pipewright.lists;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/lists")
class ListController {

	private final ListOverview lists;

	ListController(ListOverview lists) {
		this.lists = lists;
	}

	@GetMapping
	Audiences audiences() {
		boolean on = lists.syncOn();
		return new Audiences(on,
				on ? null : "No MailChimp API key is set (PIPEWRIGHT_MAILCHIMP_API_KEY): changes are recorded and wait,"
						+ " pending",
				lists.audiences());
	}

	@GetMapping("/{listId}/changes")
	Page changes(@PathVariable String listId, @RequestParam(required = false) String state,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		ListOverview.ChangePage result = lists.changes(listId, state == null || state.isBlank() ? null : state, page,
				size);
		return new Page(result.changes(), new Page.Meta(page, size, result.total(), result.totalPages()));
	}

	@GetMapping("/{listId}/members")
	Members members(@PathVariable String listId) {
		return new Members(listId, lists.members(listId));
	}

	@PostMapping("/changes/{id}/retry")
	ListOverview.Change retry(@PathVariable long id) {
		return lists.retry(id);
	}

	/**
	 * @param sync whether changes are sent to MailChimp
	 * @param syncOff why not, when off
	 */
	record Audiences(boolean sync, String syncOff, List<ListOverview.Audience> lists) {
	}

	record Members(String listId, List<ListOverview.Member> members) {
	}

	/** A page of changes, shaped as {@code /api/leads}' pages. */
	record Page(List<ListOverview.Change> content, Meta page) {

		record Meta(int number, int size, long totalElements, long totalPages) {
		}

	}

}

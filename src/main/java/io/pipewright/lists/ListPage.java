package io.pipewright.lists;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Marketing's list page: every audience with its counts, and per audience the members
 * (wanted and current) and the recent changes, with a retry for the failed ones.
 */
@Controller
class ListPage {

	private static final int PAGE_SIZE = 50;

	private final ListOverview lists;

	ListPage(ListOverview lists) {
		this.lists = lists;
	}

	@GetMapping("/lists")
	String audiences(Model model) {
		model.addAttribute("syncOn", lists.syncOn());
		model.addAttribute("audiences", lists.audiences());
		model.addAttribute("times", new Times());
		return "lists/audiences";
	}

	@GetMapping("/lists/{listId}")
	String audience(@PathVariable String listId, @RequestParam(required = false) String state,
			@RequestParam(defaultValue = "0") int page, Model model) {
		String filter = state == null || state.isBlank() || !ListOverview.STATES.contains(state) ? null : state;
		int number = Math.max(0, Math.min(page, 100_000));
		model.addAttribute("syncOn", lists.syncOn());
		model.addAttribute("audience", lists.audience(listId));
		model.addAttribute("members", lists.members(listId));
		model.addAttribute("changes", lists.changes(listId, filter, number, PAGE_SIZE));
		model.addAttribute("state", filter);
		model.addAttribute("states", ListOverview.STATES);
		model.addAttribute("times", new Times());
		return "lists/audience";
	}

	@PostMapping("/lists/changes/{id}/retry")
	String retry(@PathVariable long id, RedirectAttributes redirect) {
		ListOverview.Change change = lists.change(id).orElseThrow(() -> new UnknownChange(id));
		try {
			lists.retry(id);
			redirect.addFlashAttribute("retried", id);
		}
		catch (ChangeNotFailed ex) {
			redirect.addFlashAttribute("notRetried", id);
		}
		redirect.addAttribute("listId", change.listId());
		return "redirect:/lists/{listId}";
	}

	@ExceptionHandler({ UnknownList.class, UnknownChange.class })
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(RuntimeException ex, Model model) {
		model.addAttribute("syncOn", lists.syncOn());
		return "lists/not-found";
	}

	/** Times as the page shows them: UTC, to the second. */
	static final class Times {

		private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
			.withZone(ZoneOffset.UTC);

		public String show(Instant instant) {
			return instant == null ? "" : SHOWN.format(instant);
		}

		public String iso(Instant instant) {
			return instant == null ? "" : instant.toString();
		}

	}

}

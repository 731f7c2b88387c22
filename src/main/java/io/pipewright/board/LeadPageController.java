package io.pipewright.board;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.api.PlainText;
import io.pipewright.lead.Lead;
import io.pipewright.lead.LeadAccess;
import io.pipewright.lead.LeadAccess.Action;
import io.pipewright.lead.LeadAccessRefused;
import io.pipewright.lead.LeadAlreadyClosed;
import io.pipewright.lead.LeadChanges;
import io.pipewright.lead.LeadErased;
import io.pipewright.lead.LeadService;
import io.pipewright.lead.LeadStatus;
import io.pipewright.lead.LeadView;
import io.pipewright.lead.PipelineEnded;
import io.pipewright.lead.UnknownLead;
import io.pipewright.lead.WinProbabilities;
import io.pipewright.lead.WinProbability;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.pipeline.UnknownPipeline;
import io.pipewright.security.Viewer;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One lead's page: its fields, current stage with guidance, open tasks, the pipeline's
 * diagram and its whole story, with forms to report a fact, move the close date, hand it
 * over or close it. The same access rules and the same {@link LeadService} calls as the
 * API. A form sent by htmx gets the page's live part back; without JavaScript it is
 * POST-redirect-GET, and bad input re-renders the page with the message by the field.
 */
@Controller
class LeadPageController {

	/** The page's part that an action changes, swapped in place by htmx. */
	private static final String LIVE = "board/lead :: live";

	private final LeadService leads;

	private final LeadAccess access;

	private final Pipelines pipelines;

	private final RepositoryService repository;

	private final LeadStory story;

	private final Validator validator;

	private final MessageSource messages;

	private final WinProbabilities probabilities;

	LeadPageController(LeadService leads, LeadAccess access, Pipelines pipelines, RepositoryService repository,
			LeadStory story, Validator validator, MessageSource messages, WinProbabilities probabilities) {
		this.leads = leads;
		this.probabilities = probabilities;
		this.access = access;
		this.pipelines = pipelines;
		this.repository = repository;
		this.story = story;
		this.validator = validator;
		this.messages = messages;
	}

	@GetMapping("/leads/{id}")
	String page(@PathVariable String id, Model model, Locale locale) {
		fill(model, id, access.check(id, Action.READ), locale);
		return "board/lead";
	}

	/** The BPMN of the lead's own pipeline version, for the viewer on the page. */
	@GetMapping(path = "/leads/{id}/diagram", produces = MediaType.TEXT_XML_VALUE)
	ResponseEntity<byte[]> diagram(@PathVariable String id) throws IOException {
		access.check(id, Action.READ);
		Lead lead = leads.stored(id).orElseThrow(() -> new UnknownLead(id));
		try (InputStream xml = repository.getProcessModel(lead.processDefinitionId())) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(xml.readAllBytes());
		}
	}

	@PostMapping("/leads/{id}/facts")
	String facts(@PathVariable String id, @RequestParam(name = "fact", required = false) List<String> facts,
			Principal user, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect, Locale locale) {
		return act(id, Action.WORK, "lead.done.facts", htmx, model, redirect, locale, () -> {
			if (facts == null || facts.isEmpty()) {
				throw new InvalidInput("fact", words("lead.invalid.noFact", locale));
			}
			Map<String, Object> reported = new LinkedHashMap<>();
			facts.forEach(fact -> reported.put(fact, true));
			leads.reportFacts(id, reported, user.getName());
		});
	}

	@PostMapping("/leads/{id}/close-date")
	String closeDate(@PathVariable String id, @RequestParam(required = false) String expectedCloseDate, Principal user,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect,
			Locale locale) {
		return act(id, Action.WORK, "lead.done.closeDate", htmx, model, redirect, locale, () -> {
			LeadChanges changes = new LeadChanges();
			changes.setExpectedCloseDate(Optional.ofNullable(date(expectedCloseDate, locale)));
			valid(changes);
			leads.change(id, changes, user.getName());
		});
	}

	@PostMapping("/leads/{id}/owner")
	String owner(@PathVariable String id, @RequestParam(required = false) String owner, Principal user,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect,
			Locale locale) {
		return act(id, Action.REASSIGN, "lead.done.owner", htmx, model, redirect, locale, () -> {
			if (owner == null || owner.isBlank()) {
				throw new InvalidInput("owner", words("lead.invalid.noOwner", locale));
			}
			access.checkOwner(access.viewer(), owner.strip());
			LeadChanges changes = new LeadChanges();
			changes.setOwner(Optional.of(owner.strip()));
			valid(changes);
			leads.change(id, changes, user.getName());
		});
	}

	@PostMapping("/leads/{id}/won")
	String won(@PathVariable String id, @RequestParam(required = false) String value, Principal user,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect,
			Locale locale) {
		return act(id, Action.WORK, "lead.done.won", htmx, model, redirect, locale, () -> {
			Won won = new Won(amount(value, locale));
			valid(won);
			leads.win(id, won.value(), user.getName());
		});
	}

	@PostMapping("/leads/{id}/lost")
	String lost(@PathVariable String id, @RequestParam(required = false) String reason, Principal user,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect,
			Locale locale) {
		return act(id, Action.WORK, "lead.done.lost", htmx, model, redirect, locale, () -> {
			Lost lost = new Lost(reason == null || reason.isBlank() ? null : reason.strip());
			valid(lost);
			leads.lose(id, lost.reason(), user.getName());
		});
	}

	@ExceptionHandler(UnknownLead.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String unknown(Model model) {
		model.addAttribute("missing", true);
		return "board/lead-refused";
	}

	@ExceptionHandler(LeadAccessRefused.class)
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String refused(Model model) {
		model.addAttribute("missing", false);
		return "board/lead-refused";
	}

	/**
	 * Runs one action; whatever the service refuses (bad input, a closed lead, an ended
	 * pipeline) comes back as a message by the form, and nothing was changed.
	 */
	private String act(String id, Action action, String done, String htmx, Model model, RedirectAttributes redirect,
			Locale locale, Runnable change) {
		Viewer viewer = access.check(id, action);
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			change.run();
		}
		catch (InvalidInput ex) {
			ex.errors().forEach(problem -> errors.merge(field(problem), problem.message(), (a, b) -> a + "; " + b));
		}
		catch (LeadAlreadyClosed | PipelineEnded | LeadErased ex) {
			errors.put("lead", words("lead.invalid.closed", locale));
		}
		if (errors.isEmpty() && htmx == null) {
			redirect.addFlashAttribute("done", done);
			return "redirect:/leads/" + id;
		}
		fill(model, id, viewer, locale);
		if (errors.isEmpty()) {
			model.addAttribute("done", done);
			return LIVE;
		}
		model.addAttribute("errors", errors);
		// htmx swaps a 422 too (see the page's htmx-config)
		((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getResponse()
			.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
		return htmx == null ? "board/lead" : LIVE;
	}

	/** A problem's field as the page's forms name it (facts by their checkboxes). */
	private static String field(FieldProblem problem) {
		String field = problem.field();
		return switch (field) {
			case "expectedCloseDate", "owner", "value", "reason", "lead" -> field;
			default -> "fact";
		};
	}

	private void fill(Model model, String id, Viewer viewer, Locale locale) {
		LeadView lead = leads.get(id);
		boolean contactOnly = LeadAccess.contactOnly(viewer);
		boolean open = lead.status() == LeadStatus.OPEN;
		Optional<Pipeline.Stage> stage = stage(id, lead);
		model.addAttribute("lead", lead);
		model.addAttribute("contactOnly", contactOnly);
		model.addAttribute("stage", stage.orElse(null));
		model.addAttribute("goalFacts",
				stage.map(s -> s.goal() == null ? List.<String>of() : s.goal().facts())
					.orElse(List.of())
					.stream()
					.filter(fact -> lead.facts() == null || !Boolean.TRUE.equals(lead.facts().get(fact)))
					.toList());
		model.addAttribute("canWork", open && !contactOnly && allowed(id, Action.WORK));
		model.addAttribute("canReassign", open && allowed(id, Action.REASSIGN));
		model.addAttribute("story", contactOnly ? List.of() : story.of(id, locale));
		WinProbability chance = open && !contactOnly ? probabilities.of(List.of(id), locale).get(id) : null;
		model.addAttribute("chance", chance);
		model.addAttribute("chancePercent",
				chance == null ? null : chance.value().movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValue());
		model.addAttribute("times", new LeadStory.Times());
		if (!model.containsAttribute("errors")) {
			model.addAttribute("errors", Map.of());
		}
	}

	private Optional<Pipeline.Stage> stage(String id, LeadView lead) {
		if (lead.stage() == null) {
			return Optional.empty();
		}
		try {
			Lead stored = leads.stored(id).orElseThrow(() -> new UnknownLead(id));
			return pipelines.byDefinitionId(stored.processDefinitionId())
				.stages()
				.stream()
				.filter(s -> s.id().equals(lead.stage().id()))
				.findFirst();
		}
		catch (UnknownPipeline ex) {
			// the version was deleted from the engine: the page still shows the lead
			return Optional.empty();
		}
	}

	private boolean allowed(String id, Action action) {
		try {
			access.check(id, action);
			return true;
		}
		catch (LeadAccessRefused ex) {
			return false;
		}
	}

	private void valid(Object input) {
		List<FieldProblem> problems = validator.validate(input)
			.stream()
			.map(v -> new FieldProblem(v.getPropertyPath().iterator().next().getName(), v.getMessage()))
			.toList();
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
	}

	private LocalDate date(String text, Locale locale) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInput("expectedCloseDate", words("lead.invalid.date", locale));
		}
	}

	private BigDecimal amount(String text, Locale locale) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			// people type 120 000 or 120000,50
			return new BigDecimal(text.strip().replaceAll("[\\s\u00a0]", "").replace(',', '.'));
		}
		catch (NumberFormatException ex) {
			throw new InvalidInput("value", words("lead.invalid.amount", locale));
		}
	}

	private String words(String key, Locale locale) {
		return messages.getMessage(key, null, locale);
	}

	/** What the API takes for a won lead, checked the same way. */
	record Won(@PositiveOrZero @Digits(integer = 17, fraction = 2) BigDecimal value) {
	}

	record Lost(@Size(max = 1000) @PlainText(lines = true) String reason) {
	}

}

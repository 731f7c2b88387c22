package io.pipewright.cues;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.api.PlainText;
import io.pipewright.api.Problems;
import io.pipewright.security.AuditTrail;
import io.pipewright.security.Viewers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Email templates for admins, and each person's own choices: their language and the kinds
 * of email they do not want.
 */
@RestController
class NotificationController {

	private final Templates templates;

	private final Preferences preferences;

	private final Viewers viewers;

	private final AuditTrail audit;

	private final Digest digest;

	private final NotificationProperties properties;

	NotificationController(Templates templates, Preferences preferences, Viewers viewers, AuditTrail audit,
			Digest digest, NotificationProperties properties) {
		this.templates = templates;
		this.preferences = preferences;
		this.viewers = viewers;
		this.audit = audit;
		this.digest = digest;
		this.properties = properties;
	}

	@GetMapping("/api/notifications/placeholders")
	Map<String, String> placeholders() {
		return Placeholders.KNOWN;
	}

	/** One template as an admin reads and writes it. */
	record TemplateView(String name, String language, Template.Source source, String subject, String body) {

		static TemplateView of(Template template) {
			return new TemplateView(template.name(), template.language(), template.source(), template.subject(),
					template.body());
		}

	}

	@GetMapping("/api/notifications/templates")
	List<TemplateView> templates() {
		return templates.all().stream().map(TemplateView::of).toList();
	}

	@GetMapping("/api/notifications/templates/{name}/{language}")
	TemplateView template(@PathVariable String name, @PathVariable String language) {
		return TemplateView.of(templates.exactly(name, language).orElseThrow(() -> new NoTemplate(name, language)));
	}

	record TemplateInput(@NotBlank @Size(max = 500) @PlainText String subject,
			@NotBlank @Size(max = 20_000) @PlainText(lines = true) String body) {
	}

	@PutMapping("/api/notifications/templates/{name}/{language}")
	@Transactional
	TemplateView save(@PathVariable String name, @PathVariable String language,
			@Valid @RequestBody TemplateInput input) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!Template.NAME.matcher(name).matches()) {
			problems.add(new FieldProblem("name",
					"A template's name is lower-case letters, digits and '-', starting with a letter, at most 50"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		Template template = new Template(name, language, input.subject().strip(), input.body().strip(),
				Template.Source.SAVED);
		Template saved = templates.save(template, viewers.current().id(), Instant.now());
		audit.record(viewers.current().id(), "template.saved", name + "." + language,
				Map.of("subject", saved.subject()));
		return TemplateView.of(saved);
	}

	@DeleteMapping("/api/notifications/templates/{name}/{language}")
	@Transactional
	ResponseEntity<Void> revert(@PathVariable String name, @PathVariable String language) {
		if (!templates.revert(name, language)) {
			throw new NoTemplate(name, language);
		}
		audit.record(viewers.current().id(), "template.reverted", name + "." + language, Map.of());
		return ResponseEntity.noContent().build();
	}

	/** Sends today's digest now to whoever has not had it; nobody gets two. */
	@PostMapping("/api/notifications/digest")
	Map<String, Object> digest() {
		LocalDate today = LocalDate.now(properties.zone());
		return Map.of("day", today.toString(), "people", digest.send(today));
	}

	/** A person's choices, with every kind of email and whether they get it. */
	record MyNotifications(String language, Map<String, Boolean> kinds) {
	}

	record MyNotificationsInput(@Size(max = 5) @PlainText String language,
			@Size(max = 100) List<@NotNull @Size(max = 50) @PlainText String> off) {
	}

	@GetMapping("/api/me/notifications")
	MyNotifications mine() {
		return view(preferences.of(viewers.current().id()));
	}

	@PutMapping("/api/me/notifications")
	@Transactional
	MyNotifications change(@Valid @RequestBody MyNotificationsInput input) {
		List<FieldProblem> problems = new ArrayList<>();
		String language = input.language() == null ? null : input.language().strip().toLowerCase(Locale.ROOT);
		if (language != null && !NotificationProperties.LANGUAGES.contains(language)) {
			problems.add(new FieldProblem("language",
					"'" + input.language() + "' is not a language Pipewright writes;" + " use one of "
							+ NotificationProperties.LANGUAGES + ", or leave it out for the server's default"));
		}
		Set<String> off = new LinkedHashSet<>();
		Set<String> known = templates.names();
		List<String> given = input.off() == null ? List.of() : input.off();
		for (int i = 0; i < given.size(); i++) {
			String kind = given.get(i);
			if (kind == null || !known.contains(kind)) {
				problems.add(new FieldProblem("off[" + i + "]",
						"'" + kind + "' is not a kind of email; the kinds are " + known));
			}
			else {
				off.add(kind);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		Preferences.Preference preference = new Preferences.Preference(language, off);
		preferences.save(viewers.current().id(), preference, Instant.now());
		return view(preference);
	}

	private MyNotifications view(Preferences.Preference preference) {
		Map<String, Boolean> kinds = new LinkedHashMap<>();
		templates.names().forEach(name -> kinds.put(name, preference.wants(name)));
		return new MyNotifications(preference.language() == null ? properties.defaultLanguage() : preference.language(),
				kinds);
	}

	static class NoTemplate extends RuntimeException {

		NoTemplate(String name, String language) {
			super("No template '" + name + "' in '" + language + "' has been saved or shipped");
		}

	}

	@ExceptionHandler
	ProblemDetail noTemplate(NoTemplate ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-template", "Unknown template", ex.getMessage());
	}

}

package io.pipewright.cues;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The email templates: shipped on the classpath ({@code notifications/}), an admin's
 * files in {@code pipewright.notifications.templates-dir} read at start-up, and those
 * saved through the API, which win. A template is looked up in the recipient's language,
 * then the default language, then English.
 */
@Component
public class Templates {

	private static final Pattern FILE = Pattern.compile("(" + Template.NAME.pattern() + ")\\.([a-z]{2})\\.txt");

	private final JdbcClient jdbc;

	private final NotificationProperties properties;

	/** Shipped, then overwritten by files: (name, language) to template. */
	private final Map<Key, Template> fixed = new HashMap<>();

	Templates(JdbcClient jdbc, NotificationProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
		loadShipped();
		loadFiles(properties.templatesDir());
	}

	private record Key(String name, String language) {
	}

	private void loadShipped() {
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:notifications/*.txt")) {
				Matcher file = FILE.matcher(resource.getFilename());
				if (file.matches()) {
					String text = resource.getContentAsString(StandardCharsets.UTF_8);
					put(checked(file.group(1), file.group(2), text, Template.Source.SHIPPED, resource.getFilename()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the shipped email templates", ex);
		}
	}

	/**
	 * An admin's files. A wrong one stops the start, naming the file and what is wrong:
	 * better than a rep's email with a gap in it.
	 */
	private void loadFiles(Path dir) {
		if (!Files.isDirectory(dir)) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.txt")) {
			for (Path path : files) {
				Matcher file = FILE.matcher(path.getFileName().toString());
				if (!file.matches()) {
					throw new IllegalStateException("Email template file " + path.toAbsolutePath()
							+ " is not named <template>.<language>.txt, such as reminder.nb.txt");
				}
				put(checked(file.group(1), file.group(2), Files.readString(path), Template.Source.FILE,
						path.toAbsolutePath().toString()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the email templates in " + dir.toAbsolutePath(), ex);
		}
	}

	private static Template checked(String name, String language, String text, Template.Source source, String where) {
		try {
			return validate(Template.parse(name, language, text, source));
		}
		catch (InvalidInput | IllegalArgumentException ex) {
			throw new IllegalStateException("Email template " + where + ": " + ex.getMessage(), ex);
		}
	}

	private void put(Template template) {
		fixed.put(new Key(template.name(), template.language()), template);
	}

	/**
	 * The template, or an {@link InvalidInput} naming each problem: a language Pipewright
	 * has no dates and amounts for, an unknown placeholder.
	 */
	static Template validate(Template template) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!NotificationProperties.LANGUAGES.contains(template.language())) {
			problems.add(new FieldProblem("language", "'" + template.language()
					+ "' is not a language Pipewright writes; use one of " + NotificationProperties.LANGUAGES));
		}
		for (String unknown : Placeholders.unknown(template)) {
			problems.add(new FieldProblem("text", "Unknown placeholder {{" + unknown
					+ "}}; the known ones are listed at GET /api/notifications/placeholders"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return template;
	}

	/** The template to send in this language, falling back as the class says. */
	public Optional<Template> find(String name, String language) {
		for (String candidate : new String[] { language, properties.defaultLanguage(), "en" }) {
			if (candidate == null) {
				continue;
			}
			Optional<Template> template = exactly(name, candidate);
			if (template.isPresent()) {
				return template;
			}
		}
		return Optional.empty();
	}

	/** Whether any language has a template of this name. */
	public boolean exists(String name) {
		// asked for every notification: a shipped one needs no query
		return fixed.keySet().stream().anyMatch(key -> key.name().equals(name))
				|| jdbc.sql("select count(*) from pw_notification_template where name = ?")
					.param(name)
					.query(Long.class)
					.single() > 0;
	}

	/** Every template name, shipped, in files or saved. */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		fixed.keySet().forEach(key -> names.add(key.name()));
		names.addAll(jdbc.sql("select distinct name from pw_notification_template").query(String.class).list());
		return names;
	}

	/** Every template in every language, each the one that wins. */
	public List<Template> all() {
		Map<Key, Template> all = new HashMap<>(fixed);
		jdbc.sql("select name, language, subject, body from pw_notification_template")
			.query((rs, n) -> new Template(rs.getString("name"), rs.getString("language"), rs.getString("subject"),
					rs.getString("body"), Template.Source.SAVED))
			.list()
			.forEach(template -> all.put(new Key(template.name(), template.language()), template));
		return all.values()
			.stream()
			.sorted(java.util.Comparator.comparing(Template::name).thenComparing(Template::language))
			.toList();
	}

	/** Exactly this name and language, without falling back. */
	public Optional<Template> exactly(String name, String language) {
		return saved(name, language).or(() -> unsaved(name, language));
	}

	/** The file's or shipped template, which a saved one hides until it is reverted. */
	Optional<Template> unsaved(String name, String language) {
		return Optional.ofNullable(fixed.get(new Key(name, language)));
	}

	private Optional<Template> saved(String name, String language) {
		return jdbc.sql("select subject, body from pw_notification_template where name = ? and language = ?")
			.params(name, language)
			.query((rs, n) -> new Template(name, language, rs.getString("subject"), rs.getString("body"),
					Template.Source.SAVED))
			.optional();
	}

	/** Saves an admin's template, checked first; replaces one saved before. */
	public Template save(Template template, String by, Instant at) {
		validate(template);
		int updated = jdbc.sql("""
				update pw_notification_template set subject = ?, body = ?, updated_by = ?, updated_at = ?
				where name = ? and language = ?
				""")
			.params(template.subject(), template.body(), by, at.atOffset(ZoneOffset.UTC), template.name(),
					template.language())
			.update();
		if (updated == 0) {
			jdbc.sql("""
					insert into pw_notification_template (name, language, subject, body, updated_by, updated_at)
					values (?, ?, ?, ?, ?, ?)
					""")
				.params(template.name(), template.language(), template.subject(), template.body(), by,
						at.atOffset(ZoneOffset.UTC))
				.update();
		}
		return exactly(template.name(), template.language()).orElseThrow();
	}

	/**
	 * Drops a saved template, so the file or shipped one is used again.
	 * @return whether one was saved
	 */
	public boolean revert(String name, String language) {
		return jdbc.sql("delete from pw_notification_template where name = ? and language = ?")
			.params(name, language)
			.update() > 0;
	}

}

package io.pipewright.cues;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The emails Pipewright sends people: reminders, escalations, assignments, the daily
 * digest and congratulations. The mail server itself is Spring's {@code spring.mail.*}.
 *
 * @param from the sender address every email carries
 * @param baseUrl where people reach this server, for links in the emails
 * @param defaultLanguage for users who have not chosen one: {@code en} or {@code nb}
 * @param templatesDir where an admin's own template files are read from at start-up
 * (files named {@code <template>.<language>.txt}); they win over the shipped ones
 * @param zone the team's time zone: when the digest goes out, how dates read in emails
 * @param congratulateTeam whether a won lead's congratulation goes to the owner's teams
 * too, not only to the owner
 */
@ConfigurationProperties("pipewright.notifications")
@Validated
public record NotificationProperties(String from, URI baseUrl, String defaultLanguage, Path templatesDir, ZoneId zone,
		Boolean congratulateTeam, @Valid Digest digest) {

	public static final List<String> LANGUAGES = java.util.List.of("en", "nb");

	public NotificationProperties {
		from = from == null || from.isBlank() ? "pipewright@localhost" : from.strip();
		baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
		defaultLanguage = defaultLanguage == null ? "en" : defaultLanguage.strip().toLowerCase(Locale.ROOT);
		if (!LANGUAGES.contains(defaultLanguage)) {
			throw new IllegalArgumentException("pipewright.notifications.default-language must be one of " + LANGUAGES
					+ ", not '" + defaultLanguage + "'");
		}
		templatesDir = templatesDir == null ? Path.of("config", "notifications") : templatesDir;
		zone = zone == null ? ZoneId.of("Europe/Oslo") : zone;
		congratulateTeam = congratulateTeam != null && congratulateTeam;
		digest = digest == null ? new Digest(null, null, null) : digest;
	}

	/**
	 * The daily digest of each rep's tasks due today and overdue.
	 *
	 * @param at the local time (in {@code zone}) it goes out
	 * @param weekdays whether it goes out Monday to Friday only
	 */
	public record Digest(Boolean enabled, LocalTime at, Boolean weekdays) {

		public Digest {
			enabled = enabled == null || enabled;
			at = at == null ? LocalTime.of(7, 0) : at;
			weekdays = weekdays == null || weekdays;
		}

	}

}

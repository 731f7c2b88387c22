package io.pipewright.cues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import io.pipewright.api.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates as admins write them: read, checked, filled in. */
class TemplatesTests {

	@Test
	void aTemplateIsASubjectLineABlankLineAndABodyFilledInByName() {
		Template template = Template.parse("won", "en",
				"Subject: Won: {{ lead.company }}\r\n\r\nWell done {{recipient.firstName}}, {{lead.value}}.\n",
				Template.Source.FILE);

		assertThat(template.placeholders()).containsExactly("lead.company", "recipient.firstName", "lead.value");
		Template.Rendered mail = template
			.render(Map.of("lead.company", "Hafslund $1 \\n", "recipient.firstName", "Kari"));
		// a value is inserted as it is, never read as a pattern
		assertThat(mail.subject()).isEqualTo("Won: Hafslund $1 \\n");
		assertThat(mail.body()).isEqualTo("Well done Kari, .");
	}

	@Test
	void aTemplateWithoutASubjectOrABodyIsRefusedSayingWhichIsMissing() {
		assertThatThrownBy(() -> Template.parse("x", "en", "Hello {{lead.name}}", Template.Source.SAVED))
			.hasMessageContaining("Subject:");
		assertThatThrownBy(() -> Template.parse("x", "en", "Subject: Hi\n\n  ", Template.Source.SAVED))
			.hasMessageContaining("body");
	}

	@Test
	void everyUnknownPlaceholderAndAnUnwrittenLanguageAreNamed() {
		Template template = new Template("x", "de", "Hi {{recipient.firstNmae}}", "{{lead.company}} {{ fact.budget }}",
				Template.Source.SAVED);

		assertThatThrownBy(() -> Templates.validate(template)).isInstanceOfSatisfying(InvalidInput.class,
				invalid -> assertThat(invalid.errors()).extracting(e -> e.field() + ": " + e.message())
					.anySatisfy(m -> assertThat(m).startsWith("language: 'de'"))
					.anySatisfy(m -> assertThat(m).startsWith("text: Unknown placeholder {{recipient.firstNmae}}"))
					.anySatisfy(m -> assertThat(m).startsWith("text: Unknown placeholder {{fact.budget}}"))
					.hasSize(3));
	}

	@Test
	void theShippedTemplatesUseOnlyKnownPlaceholdersInBothLanguages() {
		Templates templates = new Templates(null, properties(Path.of("no-such-dir")));
		for (String name : new String[] { "assignment", "digest", "stage-passed", "won", "stage-reminder",
				"stage-escalation" }) {
			for (String language : NotificationProperties.LANGUAGES) {
				Template template = templates.unsaved(name, language).orElseThrow();
				assertThat(Placeholders.unknown(template)).as(name + "." + language).isEmpty();
				assertThat(template.source()).isEqualTo(Template.Source.SHIPPED);
			}
		}
	}

	@Test
	void anAdminsFileWinsOverTheShippedOneAndAWrongOneStopsTheStartNamingFileAndPlaceholder(@TempDir Path dir)
			throws IOException {
		Files.writeString(dir.resolve("won.nb.txt"), "Subject: Vunnet {{lead.company}}\n\nSkål!\n");
		assertThat(new Templates(null, properties(dir)).unsaved("won", "nb").orElseThrow())
			.extracting(Template::subject, Template::source)
			.containsExactly("Vunnet {{lead.company}}", Template.Source.FILE);

		Files.writeString(dir.resolve("reminder.en.txt"), "Subject: {{lead.compnay}}\n\nHi\n");
		assertThatThrownBy(() -> new Templates(null, properties(dir))).hasMessageContaining("reminder.en.txt")
			.hasMessageContaining("{{lead.compnay}}");
	}

	@Test
	void amountsReadAsTheRecipientsLanguageWritesThem() {
		assertThat(MailNotifications.amount(new BigDecimal("250000"), "NOK", Locale.forLanguageTag("nb")))
			.isEqualTo("250\u00a0000 NOK");
		assertThat(MailNotifications.amount(new BigDecimal("1234567.5"), "EUR", Locale.ENGLISH))
			.isEqualTo("1,234,567.50 EUR");
	}

	@Test
	void theDigestIsDueFromItsTimeOnWeekdaysInTheTeamsZone() {
		NotificationProperties properties = properties(Path.of("x"));
		// Monday 24 November 2026, 05:59 UTC is 06:59 in Oslo: not yet
		assertThat(Digest.due(Instant.parse("2026-11-23T05:59:00Z"), properties)).isNull();
		assertThat(Digest.due(Instant.parse("2026-11-23T06:00:00Z"), properties)).isEqualTo(LocalDate.of(2026, 11, 23));
		// Saturday
		assertThat(Digest.due(Instant.parse("2026-11-28T10:00:00Z"), properties)).isNull();
		NotificationProperties everyDay = new NotificationProperties(null, null, null, null, ZoneId.of("UTC"), null,
				new NotificationProperties.Digest(true, LocalTime.of(6, 30), false));
		assertThat(Digest.due(Instant.parse("2026-11-28T06:30:00Z"), everyDay)).isEqualTo(LocalDate.of(2026, 11, 28));
	}

	private static NotificationProperties properties(Path dir) {
		return new NotificationProperties(null, null, null, dir, null, null, null);
	}

}

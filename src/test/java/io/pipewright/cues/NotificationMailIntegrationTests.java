package io.pipewright.cues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import io.pipewright.TestPorts;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cue emails through a real SMTP server (GreenMail): what arrives, in which language,
 * to whom, once; what a person turned off does not; an outage of the mail server loses
 * nothing and sends nothing twice.
 */
class NotificationMailIntegrationTests extends RunningServer {

	private static final int SMTP_PORT = TestPorts.restartable();

	private static final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

	static {
		smtp.start();
	}

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP_PORT);
		registry.add("pipewright.cues.poll-interval", () -> "200ms");
		registry.add("pipewright.cues.backoff-base", () -> "100ms");
		registry.add("pipewright.cues.backoff-max", () -> "500ms");
		registry.add("pipewright.notifications.base-url", () -> "https://crm.example.no/");
		registry.add("pipewright.notifications.digest.enabled", () -> "false");
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	private String rep;

	private ApiClient asRep;

	@BeforeEach
	void rep() {
		rep = newRep();
		asRep = ApiClient.anonymous(port).as(rep, rep + "-secret");
	}

	@Test
	void aNewLeadsTasksAreMailedToItsOwnerWithTheirDueDatesAndLinks() throws Exception {
		JsonNode lead = admin().createLead(lead("Kari Nordmann", "company", "Fjordkraft", "owner", rep));
		String id = lead.get("id").asText();

		List<MimeMessage> mails = awaitMails(to(rep), 2);
		assertThat(mails).extracting(NotificationMailIntegrationTests::subject)
			.containsExactlyInAnyOrder("New task: Research the company and find the decision maker (Fjordkraft)",
					"New task: Call to introduce us (Fjordkraft)");
		String body = body(mails.get(0));
		assertThat(body).contains("Hi Rep,", "Kari Nordmann", "Prospecting", "Due: ",
				"https://crm.example.no/camunda/app/tasklist/default/#/?task=", "https://crm.example.no/leads/" + id);
		assertThat(mails.get(0).getFrom()[0].toString()).isEqualTo("pipewright@localhost");
		assertThat(mails.get(0).getHeader(MailChannel.DELIVERY_HEADER)).hasSize(1);
	}

	@Test
	void reachingAGoalAndWinningAreCongratulatedInTheOwnersLanguage() throws Exception {
		asRep.send(HttpMethod.PUT, "/api/me/notifications", Map.of("language", "nb", "off", List.of("assignment")))
			.expect(200);
		JsonNode lead = admin()
			.createLead(lead("Ola Nordmann", "company", "Hafslund", "owner", rep, "value", 250000, "currency", "NOK"));
		String id = lead.get("id").asText();

		asRep.reportFacts(id, Map.of("interestConfirmed", true));
		MimeMessage passed = awaitMails(to(rep), 1).get(0);
		assertThat(subject(passed)).isEqualTo("Bra jobbet: Hafslund er forbi Prospecting");
		// the stage it moved on to, named as the email is written just before the commit
		assertThat(body(passed)).contains("Bra jobbet, Rep!", "Kunden er nå i Booking a meeting");

		asRep.post("/api/leads/{id}/won", Map.of(), id).expect(200);
		List<MimeMessage> mails = awaitMails(to(rep), 2);
		// Norwegian groups thousands with a (no-break) space
		assertThat(subject(mails.get(1))).matches("Vunnet: Hafslund, 250\\h000 NOK");
		// assignment was turned off: none of the tasks' emails came
		assertThat(mails).extracting(NotificationMailIntegrationTests::subject)
			.noneMatch(s -> s.startsWith("Ny oppgave"));
	}

	@Test
	void aTemplateWithAnUnknownPlaceholderIsRefusedNamingItAndASavedOneIsUsed() throws Exception {
		ApiClient admin = admin();
		JsonNode problem = admin
			.send(HttpMethod.PUT, "/api/notifications/templates/won/en",
					Map.of("subject", "Won {{lead.compnay}}", "body", "Well done {{recipient.firstName}}"))
			.expectProblem(400, "text");
		assertThat(problem.toString()).contains("{{lead.compnay}}");
		assertThat(admin.get("/api/notifications/templates/won/en").expect(200).get("source").asText())
			.isEqualTo("SHIPPED");

		admin
			.send(HttpMethod.PUT, "/api/notifications/templates/won/en", Map.of("subject",
					"Deal! {{lead.company}} for {{lead.value}}", "body", "Skål, {{recipient.firstName}}."))
			.expect(200);
		try {
			JsonNode lead = admin.createLead(
					lead("Per Hansen", "company", "Equinor", "owner", rep, "value", 1234567.5, "currency", "EUR"));
			asRep.post("/api/leads/{id}/won", Map.of(), lead.get("id").asText()).expect(200);
			MimeMessage won = awaitMails(to(rep).and(subjectStarts("Deal!")), 1).get(0);
			assertThat(subject(won)).isEqualTo("Deal! Equinor for 1,234,567.50 EUR");
			assertThat(body(won)).contains("Skål, Rep.");
		}
		finally {
			admin.delete("/api/notifications/templates/won/en").expect(204);
		}
	}

	@Test
	void theDigestListsTodaysAndOverdueTasksOncePerPersonAndDay() throws Exception {
		JsonNode lead = admin().createLead(lead("Siri Dahl", "company", "Telenor", "owner", rep));
		awaitMails(to(rep), 2);
		List<JsonNode> tasks = admin().engineTasks(lead.get("id").asText());
		String overdue = tasks.get(0).get("id").asText();
		// as a rep's manager moves it in Tasklist
		JsonNode task = admin().get("/engine-rest/task/{id}", overdue).expect(200);
		String threeDaysAgo = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
			.withZone(ZoneOffset.UTC)
			.format(Instant.now().minus(3, ChronoUnit.DAYS));
		admin()
			.send(HttpMethod.PUT, "/engine-rest/task/{id}", Map.of("name", task.get("name").asText(), "assignee", rep,
					"priority", task.get("priority").asInt(), "due", threeDaysAgo), overdue)
			.expect(204);

		assertThat(admin().post("/api/notifications/digest", Map.of()).expect(200).get("people").asInt()).isPositive();
		MimeMessage digest = awaitMails(to(rep).and(subjectStarts("Your day")), 1).get(0);
		assertThat(subject(digest)).isEqualTo("Your day: 1 tasks due or overdue");
		assertThat(body(digest)).contains("Overdue:", tasks.get(0).get("name").asText());

		// asked again the same day (another node, a restart): nobody gets a second one
		admin().post("/api/notifications/digest", Map.of()).expect(200);
		String sentinel = sentinelLead();
		awaitMails(to(rep).and(mail -> subject(mail).endsWith("(" + sentinel + ")")), 2);
		assertThat(mails(to(rep).and(subjectStarts("Your day")))).hasSize(1);
	}

	@Test
	void theShippedPipelinesReminderTimerMailsTheOwnerAndTheTimelineShowsIt() throws Exception {
		asRep.send(HttpMethod.PUT, "/api/me/notifications", Map.of("off", List.of("assignment"))).expect(200);
		String id = admin().createLead(lead("Eva Lie", "company", "Orkla", "owner", rep)).get("id").asText();
		String instance = admin().get("/engine-rest/process-instance?businessKey={id}", id)
			.expect(200)
			.get(0)
			.path("id")
			.asText();
		JsonNode reminder = ApiClient
			.list(admin().get("/engine-rest/job?processInstanceId={pi}&activityId=Reminder_Prospecting", instance)
				.expect(200))
			.get(0);
		// as an admin's "execute" in Cockpit: the timer's job, now rather than in five
		// days
		admin().post("/engine-rest/job/{id}/execute", "{}", reminder.path("id").asText()).expect(204);

		MimeMessage mail = awaitMails(to(rep), 1).get(0);
		assertThat(subject(mail)).isEqualTo("Reminder: Orkla has been in Prospecting for 0 days");
		assertThat(body(mail)).contains("Orkla (Eva Lie) has been in Prospecting", "What is the next step?");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode email = ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200))
				.stream()
				.filter(entry -> entry.path("type").asText().startsWith("email-"))
				.findFirst()
				.orElseThrow();
			assertThat(email.path("type").asText()).isEqualTo("email-sent");
			assertThat(email.path("detail").path("template").asText()).isEqualTo("stage-reminder");
			assertThat(email.path("detail").path("to").asText()).isEqualTo(rep);
		});
	}

	@Test
	void aMailServerOutageKeepsEmailsPendingWithTheErrorThenSendsEachOnce() throws Exception {
		smtp.stop();
		String id;
		try {
			id = admin().createLead(lead("Nils Berg", "company", "Kongsberg", "owner", rep)).get("id").asText();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				JsonNode deliveries = admin().get("/api/deliveries?channel=mail&lead={id}", id).expect(200);
				List<JsonNode> content = ApiClient.list(deliveries.get("content"));
				assertThat(content).hasSize(2)
					.allSatisfy(d -> assertThat(d.get("lastError").asText()).containsIgnoringCase("mail server"));
			});
		}
		finally {
			smtp.start();
		}
		List<MimeMessage> mails = awaitMails(to(rep), 2);
		assertThat(mails).extracting(m -> header(m, MailChannel.DELIVERY_HEADER)).doesNotHaveDuplicates();
		JsonNode timeline = admin().get("/api/leads/{id}/timeline", id).expect(200);
		assertThat(timeline.toString()).contains("email-sent");
	}

	/**
	 * A lead for the rep, whose task emails go out after anything asked for before: once
	 * they are in, what was not sent by then will not be.
	 */
	private String sentinelLead() {
		String company = unique("Sentinel");
		admin().createLead(lead("Sentinel", "company", company, "owner", rep));
		return company;
	}

	private List<MimeMessage> awaitMails(Predicate<MimeMessage> which, int count) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> mails(which), found -> found.size() >= count);
	}

	private static List<MimeMessage> mails(Predicate<MimeMessage> which) {
		return Arrays.stream(smtp.getReceivedMessages()).filter(which).toList();
	}

	private static Predicate<MimeMessage> to(String user) {
		return mail -> {
			try {
				return Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
					.anyMatch(a -> a.toString().equals(user + "@example.com"));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	private static Predicate<MimeMessage> subjectStarts(String prefix) {
		return mail -> subject(mail).startsWith(prefix);
	}

	private static String subject(MimeMessage mail) {
		try {
			return mail.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String body(MimeMessage mail) {
		try {
			return mail.getContent().toString();
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String header(MimeMessage mail, String name) {
		try {
			return mail.getHeader(name)[0];
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

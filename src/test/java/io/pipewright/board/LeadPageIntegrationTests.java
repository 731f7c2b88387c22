package io.pipewright.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.RunningServer;

import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The lead page through HTTP as a browser without JavaScript uses it: form login, CSRF
 * tokens, POST-redirect-GET; bad input comes back by its field and changes nothing; the
 * lead's access rules are the API's.
 */
class LeadPageIntegrationTests extends RunningServer {

	@Test
	void theOwnerReadsTheLeadAndReportsTheGoalFact() {
		String rep = newRep();
		String id = admin()
			.createLead(lead("Kari Nordmann", "company", "Fjord Fisk AS", "owner", rep, "value", 120000, "currency",
					"NOK", "territory", "West", "source", "web form"))
			.path("id")
			.asText();
		PageSession page = PageSession.login(port, rep, rep + "-secret", "en-GB");

		HttpResponse<String> before = page.get("/leads/" + id);
		assertThat(before.statusCode()).isEqualTo(200);
		assertThat(before.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'")
			.doesNotContain("unsafe");
		assertThat(before.body()).contains("Fjord Fisk AS", "Kari Nordmann", "120 000 NOK", "West", "web form",
				"Prospecting", "Choose companies that really fit us", "value=\"interestConfirmed\"",
				"Entered stage Prospecting", "/camunda/app/tasklist/default/?task=", "/webjars/htmx.org/",
				"/dist/htmx.min.js");

		HttpResponse<String> after = page.post("/leads/" + id + "/facts", "fact=interestConfirmed");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.uri().getPath()).isEqualTo("/leads/" + id);
		assertThat(after.body()).contains("Reported. The pipeline has checked the stage&#39;s goal.",
				"Left stage Prospecting: its goal was reached", "Reported: interestConfirmed = yes", "by " + rep,
				"Entered stage Booking a meeting", "value=\"meetingAgreed\"");
		assertThat(stageId(admin().lead(id))).isEqualTo("Stage_BookMeeting");

		HttpResponse<String> norwegian = PageSession.login(port, rep, rep + "-secret", "nb-NO").get("/leads/" + id);
		assertThat(norwegian.body()).contains("Nåværende steg", "Gikk inn i steget Booking a meeting",
				"Meldt: interestConfirmed = ja");
	}

	/** A note a rep writes on a task in Tasklist is part of the lead's story. */
	@Test
	void aNoteOnATaskInTasklistIsOnTheTimelineAndThePage() {
		String rep = newRep();
		JsonNode lead = admin().createLead(lead("Notat AS", "owner", rep));
		String id = lead.path("id").asText();
		JsonNode call = tasks(lead).stream().filter(named("Call to introduce us")).findFirst().orElseThrow();
		// as Tasklist adds a comment; the text is the rep's, markup and all
		admin().as(rep, rep + "-secret")
			.post("/engine-rest/task/{id}/comment/create",
					Map.of("message", "Rang twice <b>no answer</b>; calling back Tuesday"), call.path("id").asText())
			.expect(200);

		List<JsonNode> notes = ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200))
			.stream()
			.filter(entry -> entry.path("type").asText().equals("comment"))
			.toList();
		assertThat(notes).singleElement().satisfies(note -> {
			assertThat(note.path("actor").asText()).isEqualTo(rep);
			assertThat(note.path("detail").path("task").asText()).isEqualTo("Call to introduce us");
			assertThat(note.path("detail").path("taskId").asText()).isEqualTo(call.path("id").asText());
			assertThat(note.path("detail").path("message").asText())
				.isEqualTo("Rang twice <b>no answer</b>; calling back Tuesday");
		});

		String english = PageSession.login(port, rep, rep + "-secret", "en-GB").get("/leads/" + id).body();
		assertThat(english)
			.contains("Note on Call to introduce us: Rang twice &lt;b&gt;no answer&lt;/b&gt;; calling back Tuesday")
			.doesNotContain("<b>no answer</b>");
		String norwegian = PageSession.login(port, rep, rep + "-secret", "nb-NO").get("/leads/" + id).body();
		assertThat(norwegian).contains("Notat på Call to introduce us: Rang twice");
	}

	/**
	 * The page shows the lead's win probability as the API gives it, with its basis in
	 * the reader's language.
	 */
	@Test
	void theWinProbabilityAndItsBasisShowInTheReadersLanguage() {
		StringBuilder history = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			history
				.append(ApiClient.write(Map.of("externalId", "renewed-" + i, "name", "Renewed " + i, "pipeline",
						"renewals", "closedAt", "2026-03-10T09:00:00Z", "outcome", i < 9 ? "won" : "lost", "stages",
						List.of(Map.of("id", "Stage_AccountReview", "enteredAt", "2026-03-02T09:00:00Z")))))
				.append('\n');
		}
		admin().postText("/api/import/leads", "application/x-ndjson", history.toString()).expect(200);
		String rep = newRep();
		String id = admin().createLead(lead("Vestland Kraft", "owner", rep, "pipeline", "renewals"))
			.path("id")
			.asText();
		JsonNode chance = admin().lead(id).path("winProbability");
		String percent = chance.path("value").decimalValue().movePointRight(2).setScale(0, RoundingMode.HALF_UP) + " %";

		String english = PageSession.login(port, rep, rep + "-secret", "en-GB").get("/leads/" + id).body();
		assertThat(english)
			.contains("id=\"lead-probability\"", "Win probability", percent,
					"12 closed leads took the same steps in the same order (Account review); 9 of them were won.")
			.contains(chance.path("basis").asText());
		String norwegian = PageSession.login(port, rep, rep + "-secret", "nb-NO").get("/leads/" + id).body();
		assertThat(norwegian).contains("Vinnersjanse", percent,
				"12 avsluttede kunder tok de samme stegene i samme rekkefølge (Account review); 9 av dem ble vunnet.");

		admin().post("/api/leads/{id}/lost", Map.of("reason", "No budget"), id).expect(200);
		assertThat(PageSession.login(port, rep, rep + "-secret", "en-GB").get("/leads/" + id).body())
			.as("a closed lead has no chance left to show")
			.doesNotContain("id=\"lead-probability\"");
	}

	@Test
	void badInputShowsByItsFieldAndChangesNothing() {
		String rep = newRep();
		String id = admin().createLead(lead("Ola Nordmann", "company", "Bad Input AS", "owner", rep, "value", 5000))
			.path("id")
			.asText();
		PageSession page = PageSession.login(port, rep, rep + "-secret", "en-GB");

		HttpResponse<String> date = page.post("/leads/" + id + "/close-date", "expectedCloseDate=31.12.2026");
		assertThat(date.statusCode()).isEqualTo(422);
		assertThat(date.body()).contains("id=\"closeDate-error\"", "Enter a date as year-month-day",
				"Nothing was changed");
		HttpResponse<String> value = page.post("/leads/" + id + "/won", "value=-5");
		assertThat(value.statusCode()).isEqualTo(422);
		assertThat(value.body()).contains("id=\"value-error\"");
		HttpResponse<String> none = page.post("/leads/" + id + "/facts", "");
		assertThat(none.statusCode()).isEqualTo(422);
		assertThat(none.body()).contains("Tick the facts that are now true");
		JsonNode unchanged = admin().lead(id);
		assertThat(unchanged.path("status").asText()).isEqualTo("open");
		assertThat(unchanged.path("expectedCloseDate").isMissingNode() || unchanged.path("expectedCloseDate").isNull())
			.isTrue();

		assertThat(page.post("/leads/" + id + "/close-date", "expectedCloseDate=2026-12-31").body())
			.contains("Expected close date moved from – to 2026-12-31");
		HttpResponse<String> lost = page.post("/leads/" + id + "/lost", "reason=Chose a competitor");
		assertThat(lost.body()).contains("The lead is marked lost.", "Lost: Chose a competitor")
			.doesNotContain("id=\"form-won\"");
		assertThat(admin().lead(id).path("status").asText()).isEqualTo("lost");
		assertThat(page.post("/leads/" + id + "/won", "value=10").statusCode()).isEqualTo(422);
	}

	@Test
	void theRolesDecideWhoSeesAndDoesWhat() {
		String rep = newRep();
		String other = newRep();
		String id = admin()
			.createLead(lead("Per Hansen", "company", "Access AS", "owner", rep, "value", 777000, "email",
					"per@access.example"))
			.path("id")
			.asText();

		PageSession stranger = PageSession.login(port, other, other + "-secret", "en-GB");
		HttpResponse<String> refused = stranger.get("/leads/" + id);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Not your lead").doesNotContain("Access AS");
		assertThat(stranger.post("/leads/" + id + "/facts", "fact=interestConfirmed").statusCode()).isEqualTo(403);
		assertThat(stranger.get("/leads/" + id + "/diagram").statusCode()).isEqualTo(403);
		assertThat(stranger.get("/leads/no-such-lead").statusCode()).isEqualTo(404);

		// the owner works the lead but does not give it away
		PageSession owner = PageSession.login(port, rep, rep + "-secret", "en-GB");
		assertThat(owner.get("/leads/" + id).body()).doesNotContain("id=\"form-owner\"");
		assertThat(owner.post("/leads/" + id + "/owner", "owner=" + other).statusCode()).isEqualTo(403);
		HttpResponse<String> diagram = owner.get("/leads/" + id + "/diagram");
		assertThat(diagram.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
		assertThat(diagram.body()).contains("id=\"Stage_Prospecting\"", "bpmndi:BPMNDiagram");

		String marketer = unique("marketer");
		admin().ensureUserIn(marketer, "m-secret", "marketing");
		HttpResponse<String> contact = PageSession.login(port, marketer, "m-secret", "en-GB").get("/leads/" + id);
		assertThat(contact.statusCode()).isEqualTo(200);
		assertThat(contact.body()).contains("Access AS", "per@access.example")
			// the value as any language writes it: an id or a token on the page may hold
			// 777
			.doesNotContain("777,000", "777 000", "777\u00a0000", "777000", "Value", "What happened",
					"<form class=\"pw-form");

		PageSession admin = PageSession.login(port, ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD, "en-GB");
		assertThat(admin.post("/leads/" + id + "/owner", "owner=nobody-such").statusCode()).isEqualTo(422);
		assertThat(admin.post("/leads/" + id + "/owner", "owner=" + other).body())
			.contains("Owner changed from " + rep + " to " + other, "by " + ApiClient.ADMIN);
		assertThat(admin().lead(id).path("owner").asText()).isEqualTo(other);
	}

}

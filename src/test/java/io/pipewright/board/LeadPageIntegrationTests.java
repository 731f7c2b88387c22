package io.pipewright.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.PageSession;
import io.pipewright.RunningServer;

import java.net.http.HttpResponse;

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

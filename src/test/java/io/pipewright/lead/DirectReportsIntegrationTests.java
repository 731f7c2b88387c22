package io.pipewright.lead;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facts reported to the engine directly, as Tasklist and integrations do through
 * engine-rest, are recorded as the API records a report: on the timeline, by the engine's
 * user, and as each fact's first true for insight.
 */
class DirectReportsIntegrationTests extends RunningServer {

	private static final String INTRO_CALL = "Call to introduce us";

	@Autowired
	JdbcClient jdbc;

	@Test
	void aFactTickedInATasklistFormIsReportedByTheRep() {
		RepsLead lead = repsLead("Tasklist AS");

		// what the stage form sends: the newly ticked facts, as Booleans
		rep(lead.rep())
			.post("/engine-rest/task/{id}/submit-form",
					Map.of("variables", Map.of("interestConfirmed", Map.of("value", true, "type", "Boolean"))),
					lead.introCall())
			.expect(204);

		JsonNode moved = admin().get("/api/leads/{id}", lead.id()).expect(200);
		assertThat(stageId(moved)).isEqualTo("Stage_BookMeeting");
		List<JsonNode> reports = reports(lead.id());
		assertThat(reports).hasSize(1);
		assertThat(reports.get(0).path("actor").asText()).isEqualTo(lead.rep());
		assertThat(reports.get(0).path("detail")).hasSize(1);
		assertThat(reports.get(0).path("detail").path("interestConfirmed").asBoolean()).isTrue();
		// the report comes before what it caused
		List<String> types = types(lead.id());
		assertThat(types.indexOf("facts-reported")).isLessThan(types.indexOf("stage-left"));
		assertThat(firstTrue(lead.id())).containsExactly("interestConfirmed");
	}

	@Test
	void theFactsOfOneFormAreOneReport() {
		String rep = newRep();
		String id = admin().createLead(Map.of("name", "Ett skjema AS", "owner", rep)).path("id").asText();
		admin().reportFacts(id, Map.of("interestConfirmed", true));
		JsonNode meeting = admin().reportFacts(id, Map.of("meetingAgreed", true));
		String task = tasks(meeting).get(0).path("id").asText();

		rep(rep).post("/engine-rest/task/{id}/complete",
				Map.of("variables", Map.of("needConfirmed", Map.of("value", true, "type", "Boolean"), "budgetConfirmed",
						Map.of("value", true, "type", "Boolean"), "employees", Map.of("value", 40, "type", "Integer"))),
				task)
			.expect(204);

		List<JsonNode> reports = reports(id);
		assertThat(reports).hasSize(3);
		assertThat(reports.subList(0, 2))
			.allSatisfy(report -> assertThat(report.path("actor").asText()).isEqualTo("admin"));
		JsonNode form = reports.get(2);
		assertThat(form.path("actor").asText()).isEqualTo(rep);
		assertThat(form.path("detail").path("needConfirmed").asBoolean()).isTrue();
		assertThat(form.path("detail").path("budgetConfirmed").asBoolean()).isTrue();
		assertThat(form.path("detail").path("employees").asInt()).isEqualTo(40);
		assertThat(form.path("detail")).hasSize(3);
		assertThat(stageId(admin().get("/api/leads/{id}", id).expect(200))).isEqualTo("Stage_FollowUpVisit");
		assertThat(firstTrue(id)).containsExactly("budgetConfirmed", "interestConfirmed", "meetingAgreed",
				"needConfirmed");
	}

	@Test
	void aFactSetThroughEngineRestIsReportedAndTheLeadsFieldsAreNot() {
		String id = admin().createLead(Map.of("name", "Integrasjon AS")).path("id").asText();
		String process = admin().get("/engine-rest/process-instance?businessKey={id}", id)
			.expect(200)
			.get(0)
			.path("id")
			.asText();

		admin()
			.send(HttpMethod.PUT, "/engine-rest/process-instance/{pi}/variables/interestConfirmed",
					Map.of("value", false, "type", "Boolean"), process)
			.expect(204);
		admin().send(HttpMethod.PATCH, "/api/leads/{id}", Map.of("value", 90000), id).expect(200);

		List<JsonNode> reports = reports(id);
		assertThat(reports).hasSize(1);
		assertThat(reports.get(0).path("actor").asText()).isEqualTo("admin");
		assertThat(reports.get(0).path("detail").path("interestConfirmed").isBoolean()).isTrue();
		assertThat(reports.get(0).path("detail").path("interestConfirmed").asBoolean()).isFalse();
		// false is no first true
		assertThat(firstTrue(id)).isEmpty();
	}

	@Test
	void aReportThroughTheApiIsRecordedOnce() {
		String id = admin().createLead(Map.of("name", "En gang AS")).path("id").asText();

		admin().reportFacts(id, Map.of("interestConfirmed", true, "source2", "fair"));

		List<JsonNode> reports = reports(id);
		assertThat(reports).hasSize(1);
		assertThat(reports.get(0).path("detail")).hasSize(2);
		assertThat(firstTrue(id)).containsExactly("interestConfirmed");
	}

	@Test
	void aFormTheGoalsCannotReadChangesNothing() {
		RepsLead lead = repsLead("Feil AS");

		// the goal reads interestConfirmed as true or false: a text fails the completion
		int status = rep(lead.rep())
			.post("/engine-rest/task/{id}/complete",
					Map.of("variables", Map.of("interestConfirmed", Map.of("value", "yes", "type", "String"))),
					lead.introCall())
			.status();

		assertThat(status).isGreaterThanOrEqualTo(400);
		assertThat(reports(lead.id())).isEmpty();
		assertThat(firstTrue(lead.id())).isEmpty();
		assertThat(stageId(admin().get("/api/leads/{id}", lead.id()).expect(200))).isEqualTo("Stage_Prospecting");
	}

	/** A new rep's new lead, and its task to call them. */
	private RepsLead repsLead(String name) {
		String rep = newRep();
		JsonNode lead = admin().createLead(Map.of("name", name, "owner", rep));
		return new RepsLead(rep, lead.path("id").asText(), only(tasks(lead), named(INTRO_CALL)).path("id").asText());
	}

	private record RepsLead(String rep, String id, String introCall) {
	}

	private ApiClient rep(String rep) {
		return anonymous().as(rep, rep + "-secret");
	}

	private List<JsonNode> reports(String id) {
		return timeline(id).stream().filter(entry -> entry.path("type").asText().equals("facts-reported")).toList();
	}

	private List<String> types(String id) {
		return timeline(id).stream().map(entry -> entry.path("type").asText()).toList();
	}

	private List<JsonNode> timeline(String id) {
		return ApiClient.list(admin().get("/api/leads/{id}/timeline", id).expect(200));
	}

	private List<String> firstTrue(String id) {
		return jdbc.sql("select fact from pw_lead_fact where lead_id = ? order by fact")
			.param(id)
			.query(String.class)
			.list();
	}

}

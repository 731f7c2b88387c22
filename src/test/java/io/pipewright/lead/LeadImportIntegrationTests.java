package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import org.junit.jupiter.api.Test;

/**
 * A team's past through {@code POST /api/import/leads}: closed leads become history with
 * their stages, facts and outcome at their own times; an open one starts its pipeline and
 * its facts move it on; each refused line names what is wrong and changes nothing; a
 * second import of the same file changes nothing.
 */
class LeadImportIntegrationTests extends RunningServer {

	private static final String NDJSON = """
			{"externalId":"crm-1","name":"Kari Nordmann","company":"Hafslund","value":250000,"currency":"NOK","owner":"admin","pipeline":"new-business","createdAt":"2026-03-02T09:00:00Z","closedAt":"2026-04-20T15:00:00Z","outcome":"won","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-03-02T09:00:00Z"},{"id":"Stage_BookMeeting","enteredAt":"2026-03-09T10:00:00Z"},{"id":"Stage_FirstVisit","enteredAt":"2026-03-20T08:00:00Z"}],"facts":[{"name":"interestConfirmed","value":true,"at":"2026-03-09T10:00:00Z"}]}
			{"externalId":"crm-2","name":"Ola Hansen","company":"Orkla","value":90000,"pipeline":"new-business","closedAt":"2026-05-01T12:00:00Z","outcome":"lost","reason":"Chose a competitor","stages":[{"id":"Stage_Prospecting","enteredAt":"2026-04-01T09:00:00Z"}]}
			{"externalId":"crm-3","name":"Per Berg","company":"Equinor","value":500000,"owner":"admin","pipeline":"new-business","facts":[{"name":"interestConfirmed","value":true,"at":"2026-11-01T09:00:00Z"}]}
			not json at all
			{"externalId":"crm-5","name":"Eva Lie","pipeline":"new-business","closedAt":"2026-05-01T12:00:00Z","outcome":"won","stages":[{"id":"Stage_Nowhere","enteredAt":"2026-04-01T09:00:00Z"}]}
			{"externalId":"crm-6","name":"Siri Dahl","createdAt":"2026-06-01T09:00:00Z","closedAt":"2026-05-01T12:00:00Z","outcome":"maybe"}
			""";

	@Test
	void closedLeadsBecomeHistoryAnOpenOneRunsAndEachRefusedLineSaysWhy() {
		ApiClient admin = admin();
		long before = admin.leadTotal();

		JsonNode report = admin.postText("/api/import/leads", "application/x-ndjson", NDJSON).expect(200);

		assertThat(report.path("created").asInt()).isEqualTo(3);
		assertThat(report.path("refused").asInt()).isEqualTo(3);
		List<JsonNode> lines = ApiClient.list(report.path("lines"));
		assertThat(lines).extracting(line -> line.path("outcome").asText())
			.containsExactly("CREATED", "CREATED", "CREATED", "REFUSED", "REFUSED", "REFUSED");
		assertThat(lines.get(3).toString()).contains("\"line\":4", "is not JSON");
		assertThat(lines.get(4).path("errors").toString()).contains("stages[0].id", "Stage_Nowhere");
		assertThat(lines.get(5).path("errors").toString()).contains("outcome", "must be won or lost");
		assertThat(admin.leadTotal()).isEqualTo(before + 3);

		JsonNode won = admin.lead(lines.get(0).path("leadId").asText());
		assertThat(won.path("status").asText()).isEqualTo("won");
		assertThat(stages(won)).extracting(stage -> stage.path("id").asText() + ":" + stage.path("leftBy").asText())
			.containsExactly("Stage_Prospecting:completed", "Stage_BookMeeting:completed", "Stage_FirstVisit:won");
		assertThat(passedStage(won, "Stage_BookMeeting").path("enteredAt").asText()).isEqualTo("2026-03-09T10:00:00Z");
		List<JsonNode> timeline = ApiClient
			.list(admin.get("/api/leads/{id}/timeline", won.path("id").asText()).expect(200));
		assertThat(timeline).filteredOn(entry -> entry.path("type").asText().equals("facts-reported"))
			.singleElement()
			.satisfies(entry -> assertThat(entry.path("at").asText()).isEqualTo("2026-03-09T10:00:00Z"));

		JsonNode lost = admin.lead(lines.get(1).path("leadId").asText());
		assertThat(lost.path("status").asText()).isEqualTo("lost");
		assertThat(lost.toString()).contains("Chose a competitor");

		// the open lead started its pipeline, and its fact took it past the first goal
		JsonNode open = admin.lead(lines.get(2).path("leadId").asText());
		assertThat(open.path("status").asText()).isEqualTo("open");
		assertThat(stageId(open)).isEqualTo("Stage_BookMeeting");

		// the same file again: nothing new, nothing changed
		JsonNode again = admin.postText("/api/import/leads", "application/x-ndjson", NDJSON).expect(200);
		assertThat(again.path("created").asInt()).isZero();
		assertThat(again.path("existing").asInt()).isEqualTo(3);
		assertThat(admin.leadTotal()).isEqualTo(before + 3);
		assertThat(admin.lead(open.path("id").asText()).path("stage")).isEqualTo(open.path("stage"));
	}

	@Test
	void aCsvOfLeadFieldsGoesInLineByLine() {
		String csv = """
				externalId,name,company,value,currency,pipeline,createdAt,closedAt,outcome,reason
				csv-1,Nils Berg,Kongsberg,120000,SEK,new-business,2026-01-05T09:00:00Z,2026-02-01T10:00:00Z,lost,"Budget cut, next year"
				csv-2,Anna Lund,Telenor,5000,USD,new-business,2026-01-05T09:00:00Z,2026-02-01T10:00:00Z,won,
				""";
		JsonNode report = admin().postText("/api/import/leads", "text/csv", csv).expect(200);

		assertThat(report.path("created").asInt()).isEqualTo(1);
		List<JsonNode> lines = ApiClient.list(report.path("lines"));
		assertThat(lines.get(0).path("line").asInt()).isEqualTo(2);
		JsonNode lead = admin().lead(lines.get(0).path("leadId").asText());
		assertThat(lead.path("value").decimalValue()).isEqualByComparingTo("120000");
		assertThat(lead.path("currency").asText()).isEqualTo("SEK");
		assertThat(lead.toString()).contains("Budget cut, next year");
		assertThat(lines.get(1).path("outcome").asText()).isEqualTo("REFUSED");
		assertThat(lines.get(1).toString()).contains("currency");

		admin().postText("/api/import/leads", "text/csv", "name,colour\nx,blue\n").expectProblem(400, "header");
	}

}

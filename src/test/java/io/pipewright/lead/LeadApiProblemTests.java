package io.pipewright.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad request answers an RFC 9457 problem naming what is wrong, and changes
 * nothing: no lead is created, the lead it aimed at stays exactly as it was.
 */
class LeadApiProblemTests extends RunningServer {

	static Stream<Arguments> badNewLeads() {
		return Stream.of(arguments("malformed JSON", "{\"name\": \"Broken AS\",", null),
				arguments("missing name", "{\"company\": \"Nameless\"}", "name"),
				arguments("empty name", "{\"name\": \"\"}", "name"),
				arguments("blank name", "{\"name\": \"   \"}", "name"),
				arguments("negative value", "{\"name\": \"Minus AS\", \"value\": -1}", "value"),
				arguments("value not a number", "{\"name\": \"Lots AS\", \"value\": \"lots\"}", "value"),
				arguments("unknown field", "{\"name\": \"Typo AS\", \"vlaue\": 100}", "vlaue"),
				arguments("currency USD", "{\"name\": \"Dollar AS\", \"currency\": \"USD\"}", "currency"),
				arguments("currency as its place in the list", "{\"name\": \"Second AS\", \"currency\": 1}",
						"currency"),
				arguments("close date not a date", "{\"name\": \"Later AS\", \"expectedCloseDate\": \"next friday\"}",
						"expectedCloseDate"),
				arguments("unknown pipeline", "{\"name\": \"Nowhere AS\", \"pipeline\": \"no-such-pipeline\"}",
						"pipeline"),
				arguments("unknown owner", "{\"name\": \"Orphan AS\", \"owner\": \"nobody\"}", "owner"),
				arguments("NUL in the name", "{\"name\": \"Nul\\u0000 AS\"}", "name"),
				arguments("half a surrogate pair in the name", "{\"name\": \"Half \\ud83d AS\"}", "name"),
				arguments("NUL in the owner", "{\"name\": \"Owned AS\", \"owner\": \"admin\\u0000\"}", "owner"),
				arguments("an escape in the external id",
						"{\"name\": \"External AS\", \"externalId\": \"crm\\u001b[31m\"}", "externalId"),
				arguments("a line break in the company", "{\"name\": \"Broken AS\", \"company\": \"Broken\\nAS\"}",
						"company"),
				arguments("close date after 9999", "{\"name\": \"Far AS\", \"expectedCloseDate\": \"+10000-01-01\"}",
						"expectedCloseDate"),
				arguments("close date before 1900", "{\"name\": \"Old AS\", \"expectedCloseDate\": \"1899-12-31\"}",
						"expectedCloseDate"),
				arguments("value as text", "{\"name\": \"Text AS\", \"value\": \"125000\"}", "value"),
				arguments("name as a number", "{\"name\": 125000}", "name"),
				arguments("close date as a number", "{\"name\": \"Day AS\", \"expectedCloseDate\": 20000}",
						"expectedCloseDate"),
				arguments("close date as an array", "{\"name\": \"Array AS\", \"expectedCloseDate\": [2030, 6, 30]}",
						"expectedCloseDate"),
				arguments("close date as an empty array", "{\"name\": \"Empty AS\", \"expectedCloseDate\": []}",
						"expectedCloseDate"),
				arguments("a field twice", "{\"name\": \"Once AS\", \"name\": \"Twice AS\"}", null),
				arguments("a second body after the first", "{\"name\": \"One AS\"} {\"name\": \"Two AS\"}", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badNewLeads")
	void aBadNewLeadIsRefusedAndNothingIsCreated(String label, String body, String field) {
		long before = admin().leadTotal();

		admin().post("/api/leads", body).expectProblem(400, field);

		assertThat(admin().leadTotal()).as("leads after: %s", label).isEqualTo(before);
	}

	static Stream<Arguments> badChanges() {
		return Stream.of(arguments("malformed JSON", "{\"value\": ", null),
				arguments("name null", "{\"name\": null, \"company\": \"Renamed\"}", "name"),
				arguments("empty name", "{\"name\": \"\", \"company\": \"Renamed\"}", "name"),
				arguments("blank name", "{\"name\": \"  \", \"company\": \"Renamed\"}", "name"),
				arguments("negative value", "{\"value\": -5, \"company\": \"Renamed\"}", "value"),
				arguments("value not a number", "{\"value\": \"lots\"}", "value"),
				arguments("unknown field", "{\"vlaue\": 100}", "vlaue"),
				arguments("currency USD", "{\"currency\": \"USD\"}", "currency"),
				arguments("currency null", "{\"currency\": null}", "currency"),
				arguments("currency as its place in the list", "{\"currency\": 0}", "currency"),
				arguments("close date not a date", "{\"expectedCloseDate\": \"soon\"}", "expectedCloseDate"),
				arguments("unknown owner", "{\"owner\": \"nobody\", \"company\": \"Renamed\"}", "owner"),
				arguments("NUL in the company", "{\"company\": \"Re\\u0000named\"}", "company"),
				arguments("close date after 9999", "{\"expectedCloseDate\": \"+999999999-12-31\"}",
						"expectedCloseDate"),
				arguments("company as a number", "{\"company\": 5}", "company"),
				arguments("close date as an empty array", "{\"expectedCloseDate\": []}", "expectedCloseDate"),
				arguments("a field twice", "{\"company\": \"Once\", \"company\": \"Twice\"}", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badChanges")
	void aBadChangeIsRefusedAndTheLeadIsUnchanged(String label, String body, String field) {
		String id = targetLead();
		JsonNode before = admin().lead(id);
		long total = admin().leadTotal();

		admin().patch("/api/leads/{id}", body, id).expectProblem(400, field);

		assertThat(admin().lead(id)).as("lead after: %s", label).isEqualTo(before);
		assertThat(admin().leadTotal()).isEqualTo(total);
	}

	static Stream<Arguments> badFacts() {
		return Stream.of(arguments("malformed JSON", "{\"interestConfirmed\": tru}", null),
				arguments("not an object", "[true]", null), arguments("empty object", "{}", "facts"),
				arguments("name with a dash", "{\"Bad-Name\": true}", "Bad-Name"),
				arguments("name starting with a digit", "{\"1st\": true}", "1st"),
				arguments("named like a lead field", "{\"value\": 5}", "value"),
				arguments("value an object", "{\"budget\": {\"amount\": 5}}", "budget"),
				arguments("value an array", "{\"contacts\": [1, 2]}", "contacts"),
				arguments("good fact beside a bad one", "{\"interestConfirmed\": true, \"Bad-Name\": true}",
						"Bad-Name"),
				arguments("text with NUL", "{\"note\": \"a\\u0000b\"}", "note"),
				arguments("text with half a surrogate pair", "{\"note\": \"a\\udc00b\"}", "note"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFacts")
	void badFactsAreRefusedAndTheLeadDoesNotMove(String label, String body, String field) {
		String id = targetLead();
		JsonNode before = admin().lead(id);

		admin().post("/api/leads/{id}/facts", body, id).expectProblem(400, field);

		JsonNode after = admin().lead(id);
		assertThat(after).as("lead after: %s", label).isEqualTo(before);
		assertThat(stageId(after)).isEqualTo("Stage_Prospecting");
	}

	/**
	 * A goal such as {@code ${interestConfirmed}} must be true or false. A fact of
	 * another type is the caller's mistake: it deserves a problem naming the fact, not a
	 * server error.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"interestConfirmed\": \"yes\"}", "{\"interestConfirmed\": 1}" })
	void aFactThatItsGoalCannotReadIsAProblemAndMovesNothing(String body) {
		String id = targetLead();
		JsonNode before = admin().lead(id);

		admin().post("/api/leads/{id}/facts", body, id).expectProblem(400, "interestConfirmed");

		assertThat(admin().lead(id)).isEqualTo(before);
	}

	static Stream<Arguments> callsOnAnUnknownLead() {
		return Stream.of(arguments("GET", "", null), arguments("PATCH", "", "{\"value\": 1}"),
				arguments("POST", "/facts", "{\"interestConfirmed\": true}"),
				arguments("POST", "/won", "{\"value\": 1}"), arguments("POST", "/lost", "{\"reason\": \"gone\"}"));
	}

	@ParameterizedTest(name = "{0} /api/leads/unknown{1}")
	@MethodSource("callsOnAnUnknownLead")
	void anUnknownLeadIsNotFound(String method, String suffix, String body) {
		String path = "/api/leads/{id}" + suffix;
		String id = UUID.randomUUID().toString();
		long total = admin().leadTotal();

		ApiClient.Response response = switch (method) {
			case "GET" -> admin().get(path, id);
			case "PATCH" -> admin().patch(path, body, id);
			default -> admin().post(path, body, id);
		};

		JsonNode problem = response.expectProblem(404, null);
		assertThat(problem.path("detail").asText()).contains(id);
		assertThat(admin().leadTotal()).isEqualTo(total);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/won", "/lost", "/facts" })
	void aClosedLeadAnswersConflictAndStaysClosed(String call) {
		String id = targetLead();
		admin().post("/api/leads/{id}/lost", Map.of("reason", "Budget cut"), id).expect(200);
		JsonNode before = admin().lead(id);

		String body = call.equals("/facts") ? "{\"interestConfirmed\": true}" : "{}";
		admin().post("/api/leads/{id}" + call, body, id).expectProblem(409, null);

		JsonNode after = admin().lead(id);
		assertThat(after).isEqualTo(before);
		assertThat(after.path("status").asText()).isEqualTo("lost");
		assertThat(after.path("closeReason").asText()).isEqualTo("Budget cut");
	}

	static Stream<Arguments> badClosings() {
		return Stream.of(arguments("/won", "{\"value\": -1}", "value"),
				arguments("/lost", "{\"reason\": \"Budget\\u0000cut\"}", "reason"),
				arguments("/won", "{\"value\": 1e18}", "value"), arguments("/won", "{\"value\": 1e400}", "value"),
				arguments("/won", "{\"value\": 0.001}", "value"), arguments("/lost", "{\"reason\": 5}", "reason"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("badClosings")
	void aBadWonOrLostIsRefusedAndTheLeadStaysOpen(String call, String body, String field) {
		String id = targetLead();
		JsonNode before = admin().lead(id);

		admin().post("/api/leads/{id}" + call, body, id).expectProblem(400, field);

		assertThat(admin().lead(id)).isEqualTo(before);
	}

	/**
	 * JSON of the wrong shape is named as such, not by the class it would have become.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/leads         | [{"name": "Listed AS"}]
			/api/leads         | "Texted AS"
			/api/leads/{id}/won  | 95000
			/api/leads/{id}/lost | "Gone"
			""")
	void aBodyThatIsNoObjectIsRefusedAsSuch(String path, String body) {
		String id = targetLead();
		long total = admin().leadTotal();

		JsonNode problem = admin().post(path, body, id).expectProblem(400, null);

		assertThat(problem.path("detail").asText()).isEqualTo("The body must be a JSON object");
		assertThat(admin().leadTotal()).isEqualTo(total);
	}

	static Stream<Arguments> badQueries() {
		return Stream.of(arguments("status=weird", "status"), arguments("size=0", "size"),
				arguments("size=100000", "size"), arguments("page=-1", "page"), arguments("page=first", "page"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badQueries")
	void aBadQueryParameterIsNamed(String query, String field) {
		admin().get("/api/leads?" + query).expectProblem(400, field);
	}

	private String targetLead() {
		return admin().createLead(lead("Target AS", "company", "Target", "value", 10000)).path("id").asText();
	}

}

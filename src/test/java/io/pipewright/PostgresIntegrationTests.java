package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * The same server on a real PostgreSQL: Flyway's migrations, the engine's schema and
 * Pipewright's queries all run there, switched by configuration alone (a DataSource).
 */
// one engine named default at a time: close this context when the class is done
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(EmbeddedPostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pipewright.admin.password=pg-secret")
class PostgresIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Test
	void aLeadGoesThroughItsPipelineOnPostgres() {
		assertThat(new JdbcTemplate(dataSource).queryForObject("select version()", String.class))
			.contains("PostgreSQL");
		RestClient api = RestClient.builder()
			.baseUrl("http://localhost:" + port + "/api")
			.defaultHeaders(h -> h.setBasicAuth("admin", "pg-secret"))
			.build();

		ResponseEntity<Map<String, Object>> created = api.post()
			.uri("/leads")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Ane Fjell", "company", "Fjell AS", "value", 75000, "owner", "admin", "externalId",
					"pg-1", "expectedCloseDate", "2026-12-01"))
			.retrieve()
			.toEntity(JSON);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String id = (String) created.getBody().get("id");

		Map<String, Object> moved = api.post()
			.uri("/leads/{id}/facts", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("interestConfirmed", true, "meetingAgreed", true))
			.retrieve()
			.body(JSON);
		assertThat(moved).extractingByKey("stage").extracting("id").isEqualTo("Stage_FirstVisit");

		api.patch()
			.uri("/leads/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("expectedCloseDate", "2027-01-15"))
			.retrieve()
			.toBodilessEntity();
		Map<String, Object> won = api.post()
			.uri("/leads/{id}/won", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("value", 80000))
			.retrieve()
			.body(JSON);

		assertThat(won).containsEntry("status", "won").containsEntry("tasks", java.util.List.of());
		assertThat(won).extractingByKey("closeDateChanges").asList().hasSize(1);
		assertThat(won).extractingByKey("stages").asList().extracting("leftBy").containsExactly("goal", "goal", "won");
		Map<String, Object> page = api.get()
			.uri("/leads?status=won&pipeline=new-business&owner=admin")
			.retrieve()
			.body(JSON);
		assertThat(page).extractingByKey("page").extracting("totalElements").isEqualTo(1);
		ResponseEntity<Map<String, Object>> again = api.post()
			.uri("/leads")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Ane Fjell", "externalId", "pg-1"))
			.retrieve()
			.toEntity(JSON);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(again.getBody()).containsEntry("id", id);
	}

	@Test
	void routingTablesAndTeamRecordsWorkOnPostgres() {
		ApiClient api = ApiClient.anonymous(port).as("admin", "pg-secret");
		api.ensureTeam("sweden", "pgsv1", "pgsv2");
		for (String rep : List.of("pgsv1", "pgsv2")) {
			for (int i = 0; i < 3; i++) {
				String id = api
					.createLead(Map.of("name", "Historik " + rep + i, "owner", rep, "productLine", "Platform", "value",
							60_000, "currency", "SEK", "territory", "Malmö"))
					.path("id")
					.asText();
				api.post("/api/leads/{id}/" + (rep.equals("pgsv1") ? "won" : "lost"), "{}", id).expect(200);
			}
		}

		JsonNode routed = api.createLead(Map.of("name", "Ny kund", "source", "Web form", "productLine", "Platform",
				"value", 60_000, "currency", "SEK", "territory", "Malmö"));

		assertThat(routed.path("pipeline").path("key").asText()).isEqualTo("new-business");
		assertThat(routed.path("valueTier").asText()).isEqualTo("small");
		assertThat(routed.path("owner").asText()).isEqualTo("pgsv1");
		assertThat(routed.path("assignment").path("reason").asText()).contains("3 won of 3 similar closed leads");
	}

}

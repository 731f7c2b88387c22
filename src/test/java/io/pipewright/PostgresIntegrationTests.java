package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

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
		Map<String, Object> page = api.get().uri("/leads?status=won&pipeline=new-business").retrieve().body(JSON);
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

}

package io.pipewright.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.DatabaseScan;
import io.pipewright.RunningServer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admins read who changed what at /api/audit: lead changes (from the leads' own events),
 * tokens created, used and revoked, deployments from the Modeler and at start-up, and
 * pipeline migrations, newest first.
 */
class AuditIntegrationTests extends RunningServer {

	@Autowired
	AuditTrail audit;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyChangeOfALeadIsThereWithWhoMadeIt() {
		String rep = newRep();
		String other = newRep();
		ApiClient asRep = anonymous().as(rep, rep + "-secret");
		String id = asRep.createLead(lead("Audited AS", "owner", rep, "value", 1000)).path("id").asText();
		asRep.patch("/api/leads/{id}", Map.of("value", 25000, "expectedCloseDate", "2027-03-31"), id).expect(200);
		asRep.reportFacts(id, Map.of("interestConfirmed", true));
		admin().patch("/api/leads/{id}", Map.of("owner", other), id).expect(200);
		admin().post("/api/leads/{id}/won", Map.of("value", 24000), id).expect(200);

		List<JsonNode> entries = entries(admin().get("/api/audit?lead={id}", id).expect(200));

		assertThat(entries).extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
			.containsExactly("lead.won by admin", "lead.owner-changed by admin", "lead.facts-reported by " + rep,
					"lead.fields-changed by " + rep, "lead.close-date-changed by " + rep, "lead.created by " + rep);
		assertThat(entries).allSatisfy(e -> assertThat(e.path("subject").asText()).isEqualTo(id));
		assertThat(entries).extracting(e -> instant(e.path("at"))).isSortedAccordingTo((a, b) -> b.compareTo(a));
		JsonNode value = detail(entries, "lead.fields-changed").path("value");
		assertThat(new BigDecimal(value.path("from").asText())).isEqualByComparingTo("1000");
		assertThat(new BigDecimal(value.path("to").asText())).isEqualByComparingTo("25000");
		assertThat(detail(entries, "lead.close-date-changed").path("to").asText()).isEqualTo("2027-03-31");
		assertThat(detail(entries, "lead.owner-changed").path("from").asText()).isEqualTo(rep);
		assertThat(detail(entries, "lead.owner-changed").path("to").asText()).isEqualTo(other);
		assertThat(detail(entries, "lead.facts-reported").path("interestConfirmed").asBoolean()).isTrue();
		assertThat(detail(entries, "lead.won").path("value").decimalValue()).isEqualByComparingTo("24000");

		assertThat(entries(admin().get("/api/audit?actor={rep}&action=lead", rep).expect(200)))
			.extracting(e -> e.path("action").asText())
			.containsExactly("lead.facts-reported", "lead.fields-changed", "lead.close-date-changed", "lead.created");
		assertThat(entries(admin().get("/api/audit?action=lead.won&lead={id}", id).expect(200))).hasSize(1);
	}

	@Test
	void tokensCreatedUsedAndRevokedAreThereWithoutTheirSecret() {
		JsonNode created = admin().post("/api/tokens", Map.of("name", "audited", "scopes", List.of("leads:read")))
			.expect(201);
		String id = created.path("id").asText();
		String token = created.path("token").asText();
		for (int i = 0; i < 3; i++) {
			anonymous().withToken(token).get("/api/leads").expect(200);
		}
		admin().delete("/api/tokens/{id}", id).expect(204);

		ApiClient.Response response = admin().get("/api/audit?subject={id}", id);
		List<JsonNode> entries = entries(response.expect(200));

		assertThat(entries).extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
			.containsExactly("token.revoked by admin", "token.used by token:audited", "token.created by admin");
		assertThat(detail(entries, "token.created").path("name").asText()).isEqualTo("audited");
		assertThat(ApiClient.list(detail(entries, "token.created").path("scopes"))).extracting(JsonNode::asText)
			.containsExactly("leads:read");
		assertThat(detail(entries, "token.used").path("call").asText()).isEqualTo("GET /api/leads");
		assertThat(response.body()).doesNotContain(token.substring(20)).doesNotContain("secret_hash");
		assertThat(DatabaseScan.places(jdbc.getDataSource(), token.substring(20))).isEmpty();
	}

	@Test
	void aTokenIsAuditedAsUsedAtMostOnceAnHour() {
		JsonNode created = admin().post("/api/tokens", Map.of("name", "hourly", "scopes", List.of("leads:read")))
			.expect(201);
		String id = created.path("id").asText();
		ApiClient integration = anonymous().withToken(created.path("token").asText());
		integration.get("/api/leads").expect(200);
		// as if its last use were a minute and a half ago: lastUsedAt is written again,
		// the audit not
		backdate(id, 90, 90);
		integration.get("/api/leads").expect(200);
		assertThat(entries(admin().get("/api/audit?subject={id}&action=token.used", id).expect(200))).hasSize(1);

		// an hour later it is
		backdate(id, 90, 61 * 60);
		integration.get("/api/leads?size=1").expect(200);

		List<JsonNode> uses = entries(admin().get("/api/audit?subject={id}&action=token.used", id).expect(200));
		assertThat(uses).extracting(e -> e.path("detail").path("call").asText())
			.containsExactly("GET /api/leads", "GET /api/leads");
	}

	@Test
	void aDeploymentFromTheModelerIsThereWithItsUserAndFiles() {
		long before = entries(admin().get("/api/audit?action=deployment.created&size=200").expect(200)).size();

		JsonNode deployment = admin().deploy("Renewal", "two-stage.bpmn", fixture("modeler/two-stage.bpmn"))
			.expect(200);
		admin().deploy("Broken", "broken-due-in.bpmn", fixture("modeler/broken-due-in.bpmn")).expect(400);

		List<JsonNode> deployments = entries(admin().get("/api/audit?action=deployment.created&size=200").expect(200));
		assertThat(deployments).as("the refused one left no entry").hasSize((int) before + 1);
		JsonNode entry = deployments.get(0);
		assertThat(entry.path("actor").asText()).isEqualTo(ApiClient.ADMIN);
		assertThat(entry.path("subject").asText()).isEqualTo(deployment.path("id").asText());
		assertThat(entry.path("detail").path("name").asText()).isEqualTo("Renewal");
		assertThat(entry.path("detail").path("source").asText()).isEqualTo("Camunda Modeler");
		assertThat(ApiClient.list(entry.path("detail").path("resources"))).extracting(JsonNode::asText)
			.containsExactly("two-stage.bpmn");
		assertThat(ApiClient.list(entry.path("detail").path("processDefinitions"))).extracting(JsonNode::asText)
			.containsExactly("renewal:1");
	}

	@Test
	void theShippedPipelinesWereDeployedAtStartUpBySystem() {
		List<JsonNode> shipped = entries(
				admin().get("/api/audit?action=deployment.created&actor=system&size=200").expect(200));

		JsonNode entry = only(shipped, e -> "pipewright".equals(e.path("detail").path("source").asText()));
		assertThat(ApiClient.list(entry.path("detail").path("resources"))).extracting(JsonNode::asText)
			.contains("bpmn/new-business.bpmn", "bpmn/renewals.bpmn", "bpmn/routing.dmn");
		assertThat(ApiClient.list(entry.path("detail").path("processDefinitions"))).extracting(JsonNode::asText)
			.contains("new-business:1", "renewals:1");
		assertThat(ApiClient.list(entry.path("detail").path("decisionDefinitions"))).extracting(JsonNode::asText)
			.contains("ownerRouting:1");
	}

	@Test
	void aMigrationIsThereWithWhoAskedAndWhatMoved() {
		String rep = newRep();
		admin().deploy("Renewal", "two-stage.bpmn", fixture("modeler/two-stage.bpmn")).expect(200);
		String id = admin().createLead(lead("Migrating AS", "pipeline", "renewal", "owner", rep)).path("id").asText();
		int version = admin().deploy("Renewal", "two-stage.bpmn", fixture("modeler/two-stage.bpmn"))
			.expect(200)
			.path("deployedProcessDefinitions")
			.elements()
			.next()
			.path("version")
			.asInt();
		admin().post("/api/pipelines/renewal/migrate", Map.of("dryRun", true)).expect(200);
		assertThat(entries(admin().get("/api/audit?action=pipeline.migrated").expect(200)))
			.as("a dry run changes nothing")
			.isEmpty();

		admin().post("/api/pipelines/renewal/migrate", null).expect(200);

		JsonNode entry = only(entries(admin().get("/api/audit?action=pipeline").expect(200)), e -> true);
		assertThat(entry.path("action").asText()).isEqualTo("pipeline.migrated");
		assertThat(entry.path("actor").asText()).isEqualTo(ApiClient.ADMIN);
		assertThat(entry.path("subject").asText()).isEqualTo("renewal");
		assertThat(entry.path("detail").path("version").asInt()).isEqualTo(version);
		assertThat(entry.path("detail").path("moved").asInt()).isGreaterThanOrEqualTo(1);
		JsonNode moved = only(entries(admin().get("/api/audit?lead={id}&action=lead.migrated", id).expect(200)),
				e -> true);
		assertThat(moved.path("actor").asText()).isEqualTo(ApiClient.ADMIN);
		assertThat(moved.path("detail").path("to").asInt()).isEqualTo(version);
	}

	@Test
	void anEntryIsRecordedWithTheTransactionThatCallsIt() {
		String lead = admin().createLead(lead("Erased Later AS")).path("id").asText();
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("fields", List.of("name", "email"));
		detail.put("password", "hunter2");
		detail.put("apiToken", "pw_secret");

		transaction.executeWithoutResult(status -> {
			audit.record("admin", "lead.erased", lead, detail);
			status.setRollbackOnly();
		});
		assertThat(entries(admin().get("/api/audit?lead={id}&action=lead.erased", lead).expect(200))).isEmpty();

		transaction.executeWithoutResult(status -> audit.record("admin", "lead.erased", lead, detail));
		JsonNode entry = only(entries(admin().get("/api/audit?lead={id}&action=lead.erased", lead).expect(200)),
				e -> true);
		assertThat(entry.path("detail").path("fields").size()).isEqualTo(2);
		assertThat(entry.path("detail").path("password").asText()).isEqualTo("(masked)");
		assertThat(entry.path("detail").path("apiToken").asText()).isEqualTo("(masked)");
		assertThat(DatabaseScan.places(jdbc.getDataSource(), "hunter2")).isEmpty();
	}

	@Test
	void entriesArePagedNewestFirstAndFilteredByTime() {
		String id = admin().createLead(lead("Paged AS")).path("id").asText();
		for (int i = 1; i <= 3; i++) {
			admin().patch("/api/leads/{id}", Map.of("value", i * 100), id).expect(200);
		}
		String day = LocalDate.now(ZoneOffset.UTC).toString();

		JsonNode first = admin().get("/api/audit?lead={id}&size=2", id).expect(200);
		JsonNode second = admin().get("/api/audit?lead={id}&size=2&page=1", id).expect(200);

		assertThat(first.path("page").path("totalElements").asLong()).isEqualTo(4);
		assertThat(first.path("page").path("totalPages").asLong()).isEqualTo(2);
		assertThat(entries(first)).extracting(e -> e.path("detail").path("value").path("to").asText())
			.containsExactly("300", "200");
		assertThat(entries(second)).extracting(e -> e.path("action").asText())
			.containsExactly("lead.fields-changed", "lead.created");
		Instant newest = instant(entries(first).get(0).path("at"));
		assertThat(entries(admin().get("/api/audit?lead={id}&from={day}&to={day}", id, day, day).expect(200)))
			.hasSize(4);
		assertThat(entries(admin().get("/api/audit?lead={id}&from={from}", id, newest.toString()).expect(200)))
			.hasSize(1);
		assertThat(entries(admin().get("/api/audit?lead={id}&to={to}", id, newest.toString()).expect(200))).hasSize(3);
		assertThat(entries(
				admin().get("/api/audit?lead={id}&from={from}", id, newest.plus(1, ChronoUnit.MILLIS).toString())
					.expect(200)))
			.isEmpty();
	}

	@Test
	void aBadFilterIsAProblemNamingIt() {
		admin().get("/api/audit?from=yesterday").expectProblem(400, "from");
		admin().get("/api/audit?to=2026-13-01").expectProblem(400, "to");
		admin().get("/api/audit?from=2026-11-02&to=2026-11-01").expectProblem(400, "from");
		admin().get("/api/audit?from=1066-10-14").expectProblem(400, "from");
		admin().get("/api/audit?action=DROP TABLE").expectProblem(400, "action");
		admin().get("/api/audit?action=lead.won'--").expectProblem(400, "action");
		admin().get("/api/audit?lead={lead}", "x".repeat(65)).expectProblem(400, "lead");
		admin().get("/api/audit?subject={subject}", "x".repeat(256)).expectProblem(400, "subject");
		admin().get("/api/audit?size=0").expectProblem(400, "size");
		admin().get("/api/audit?size=201").expectProblem(400, "size");
		admin().get("/api/audit?page=-1").expectProblem(400, "page");
		admin().get("/api/audit?page=two").expectProblem(400, "page");
	}

	@Test
	void onlyAdminsReadTheAudit() {
		String rep = newRep();
		String token = admin().post("/api/tokens", Map.of("name", "reader", "scopes", List.of("leads:read")))
			.expect(201)
			.path("token")
			.asText();

		anonymous().get("/api/audit").expectProblem(401, null);
		anonymous().as(rep, rep + "-secret").get("/api/audit").expectProblem(403, null);
		anonymous().withToken(token).get("/api/audit").expectProblem(403, null);
		admin().get("/api/audit").expect(200);
	}

	/** Moves a token's last use and last audited use this many seconds back. */
	private void backdate(String tokenId, int lastUsedSecondsAgo, int auditedSecondsAgo) {
		Instant now = Instant.now();
		jdbc.update("update pw_api_token set last_used_at = ?, use_audited_at = ? where id = ?",
				now.minusSeconds(lastUsedSecondsAgo).atOffset(ZoneOffset.UTC),
				now.minusSeconds(auditedSecondsAgo).atOffset(ZoneOffset.UTC), tokenId);
	}

	private static List<JsonNode> entries(JsonNode page) {
		return ApiClient.list(page.path("content"));
	}

	private static JsonNode detail(List<JsonNode> entries, String action) {
		return only(entries, e -> action.equals(e.path("action").asText())).path("detail");
	}

}

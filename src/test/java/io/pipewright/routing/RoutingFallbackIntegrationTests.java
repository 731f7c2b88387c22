package io.pipewright.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * Routing tables that cannot be followed never lose a lead: it goes to the configured
 * fallback owner and pipeline, and the reason shows on the lead and in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "pipewright.routing.pipeline-decision=testPipelineRouting",
		"pipewright.routing.owner-decision=testOwnerRouting", "pipewright.routing.fallback-owner=triage",
		"pipewright.routing.fallback-pipeline=new-business" })
class RoutingFallbackIntegrationTests extends RunningServer {

	ApiClient api;

	@BeforeEach
	void brokenTables() {
		api = admin();
		api.ensureUser("triage", "pw-triage");
		api.ensureUser("ingrid", "pw-ingrid");
		api.ensureTeam("nobodyHere");
		if (api.get("/engine-rest/decision-definition/key/testOwnerRouting").status() != 200) {
			api.deploy("Broken routing", "broken-routing.dmn", fixture("routing/broken-routing.dmn")).expect(200);
		}
	}

	@Test
	void aTableThatNamesAPipelineThatIsNotDeployedSendsTheLeadToTheFallbackPipeline(CapturedOutput log) {
		JsonNode lead = api.createLead(Map.of("name", "Gunnar Gjest", "source", "Ghost fair", "territory", "Oslo"));

		assertThat(lead.at("/pipeline/key").asText()).isEqualTo("new-business");
		assertThat(lead.at("/owner").asText()).isEqualTo("ingrid");
		assertThat(lead.at("/assignment/fallback").asBoolean()).isTrue();
		String reason = lead.at("/assignment/reason").asText();
		assertThat(reason)
			.contains("decision 'testPipelineRouting' names pipeline 'no-such-pipeline', which is not deployed")
			.contains("fallback pipeline 'new-business'");
		assertThat(log.getOut()).contains("Routing fell back: " + reason);
	}

	@Test
	void aLeadNoRuleMatchesGoesToTheFallbackPipelineAndOwner() {
		JsonNode lead = api.createLead(Map.of("name", "Nils Ingen", "source", "Cold call", "territory", "Svalbard"));

		assertThat(lead.at("/pipeline/key").asText()).isEqualTo("new-business");
		assertThat(lead.at("/owner").asText()).isEqualTo("triage");
		assertThat(lead.at("/assignment/reason").asText())
			.contains("no rule of decision 'testPipelineRouting' matches source 'Cold call'")
			.contains("no rule of decision 'testOwnerRouting' matches")
			.contains("fallback owner 'triage'");
		assertThat(ApiClient.list(api.get("/api/leads/{id}/timeline", lead.at("/id").asText()).expect(200))
			.get(0)
			.at("/detail/fallback")
			.asBoolean()).isTrue();
	}

	@Test
	void aTableThatNamesAnUnknownTeamAnEmptyTeamOrAnUnknownUserFallsBackToTheFallbackOwner() {
		JsonNode unknownTeam = api
			.createLead(Map.of("name", "Atle Antlantis", "source", "Existing customer", "territory", "Atlantis"));
		JsonNode emptyTeam = api
			.createLead(Map.of("name", "Tom Tomme", "source", "Existing customer", "territory", "Emptyland"));
		JsonNode unknownUser = api
			.createLead(Map.of("name", "Gro Spøkelse", "source", "Existing customer", "territory", "Ghosttown"));

		for (JsonNode lead : List.of(unknownTeam, emptyTeam, unknownUser)) {
			assertThat(lead.at("/pipeline/key").asText()).isEqualTo("renewals");
			assertThat(lead.at("/owner").asText()).isEqualTo("triage");
			assertThat(lead.at("/assignment/fallback").asBoolean()).isTrue();
			assertThat(lead.at("/assignment/reason").asText()).contains("Pipeline: Existing customers renew.");
		}
		assertThat(unknownTeam.at("/assignment/reason").asText()).contains("team 'atlantis', which does not exist");
		assertThat(emptyTeam.at("/assignment/reason").asText()).contains("team 'nobodyHere', which has no members");
		assertThat(unknownUser.at("/assignment/reason").asText()).contains("user 'casper', who does not exist");
	}

	@Test
	void anAssignLeadTaskNamingAMissingDecisionKeepsTheOwnerAndSaysWhy() {
		BpmnModelInstance handover = Bpmn.createExecutableProcess("handover")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.subProcess("Stage_Handover")
			.name("Handover")
			.embeddedSubProcess()
			.startEvent()
			.serviceTask("Task_Assign")
			.camundaDelegateExpression("${assignLead}")
			.camundaInputParameter("decision", "noSuchDecision")
			.userTask("Task_Call")
			.name("Call the customer")
			.endEvent()
			.subProcessDone()
			.endEvent()
			.done();
		api.deploy("Handover", "handover.bpmn", Bpmn.convertToString(handover).getBytes(StandardCharsets.UTF_8))
			.expect(200);

		JsonNode lead = api.createLead(Map.of("name", "Hege Hand", "pipeline", "handover", "owner", "ingrid"));

		assertThat(lead.at("/owner").asText()).isEqualTo("ingrid");
		assertThat(lead.at("/assignment/fallback").asBoolean()).isTrue();
		assertThat(lead.at("/assignment/reason").asText())
			.isEqualTo("Owner: no decision 'noSuchDecision' is deployed, so the owner stays.");
		assertThat(lead.path("tasks").get(0).path("assignee").asText()).isEqualTo("ingrid");
	}

}

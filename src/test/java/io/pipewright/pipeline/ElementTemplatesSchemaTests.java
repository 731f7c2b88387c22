package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file in config/element-templates is valid by Camunda's own element template
 * schema (vendored in src/test/resources/element-templates, see the README there), every
 * element of the modelling contract has a template, and the templates' input checks agree
 * with what the deployment accepts.
 */
class ElementTemplatesSchemaTests {

	static JsonSchema schema;

	@BeforeAll
	static void loadSchema() throws IOException {
		try (InputStream in = ElementTemplatesSchemaTests.class.getResourceAsStream("/element-templates/schema.json")) {
			schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
		}
	}

	@Test
	void everyTemplateFileIsValidByTheElementTemplateSchema() {
		Map<Path, JsonNode> files = ElementTemplates.files();
		assertThat(files).isNotEmpty();
		files.forEach((file, templates) -> assertThat(schema.validate(templates)).as(file.toString()).isEmpty());
	}

	@Test
	void theSchemaRefusesWhatTheModelerWouldRefuse() throws IOException {
		JsonNode textOnAnExtensionProperty = new ObjectMapper().readTree("""
				[{"name": "Broken", "id": "broken", "appliesTo": ["bpmn:SubProcess"],
				  "properties": [{"label": "Guidance", "type": "Text",
				                  "binding": {"type": "camunda:property", "name": "guidance"}}]}]
				""");
		JsonNode noBinding = new ObjectMapper().readTree("""
				[{"name": "Broken", "id": "broken", "appliesTo": ["bpmn:Task"],
				  "properties": [{"label": "Guidance", "type": "String"}]}]
				""");

		assertThat(schema.validate(textOnAnExtensionProperty)).isNotEmpty();
		assertThat(schema.validate(noBinding)).isNotEmpty();
	}

	@Test
	void everyElementOfTheContractHasATemplateWithAUniqueId() {
		assertThat(ElementTemplates.all()).extracting(t -> t.path("id").asText())
			.containsExactlyInAnyOrder("io.pipewright.stage", "io.pipewright.stageTask", "io.pipewright.stageGoal",
					"io.pipewright.assignLead", "io.pipewright.subscribeToList", "io.pipewright.unsubscribeFromList",
					"io.pipewright.notify", "io.pipewright.lostWithReason");
		assertThat(ElementTemplates.property("io.pipewright.stage", PipelineContract.GUIDANCE)
			.path("binding")
			.path("type")
			.asText()).isEqualTo("camunda:property");
		assertThat(ElementTemplates.property("io.pipewright.stageTask", PipelineContract.DUE_IN)
			.path("binding")
			.path("type")
			.asText()).isEqualTo("camunda:property");
		assertThat(ElementTemplates.property("io.pipewright.stageGoal", PipelineContract.GOAL_CONDITION)
			.path("binding")
			.path("type")
			.asText()).isEqualTo("camunda:property");
	}

	@ParameterizedTest
	@ValueSource(strings = { "P2D", "PT4H", "P1W", "P1DT12H", "p1m", "P1W2DT4H", "PT1H30M", "PT90S", "P1Y2M3W4D",
			"PT0.5S", "tomorrow", "2D", "P", "PT", "P-1D", "-P1D", "P1DT", "PT5", "P1H", " ", "" })
	void theDueInCheckAcceptsWhatTheDeploymentAccepts(String text) {
		boolean parses;
		try {
			DueIn.parse(text);
			parses = true;
		}
		catch (IllegalArgumentException ex) {
			parses = false;
		}

		assertThat(pattern("io.pipewright.stageTask", PipelineContract.DUE_IN).matcher(text).matches()).as(text)
			.isEqualTo(parses);
	}

	@ParameterizedTest
	@ValueSource(strings = { "${slaDays}", "#{stageDays}" })
	void theDueInCheckAcceptsExpressions(String text) {
		assertThat(pattern("io.pipewright.stageTask", PipelineContract.DUE_IN).matcher(text).matches()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "owner", "manager", "team", "user:lisa", "group:sales", "owner, manager,team",
			" user:ola.nordmann , group:north ", "owner,", "boss", "user:", "group: ", "owner manager", "users:lisa",
			"OWNER", ",owner", "" })
	void theRecipientCheckAcceptsWhatTheDeploymentAccepts(String text) {
		boolean parses;
		try {
			Recipient.parse(text);
			parses = true;
		}
		catch (Recipient.UnknownRecipient ex) {
			parses = false;
		}

		assertThat(pattern("io.pipewright.notify", PipelineContract.NOTIFY_TO).matcher(text).matches()).as(text)
			.isEqualTo(parses && !text.isBlank());
	}

	@Test
	void theRecipientCheckAcceptsExpressions() {
		assertThat(pattern("io.pipewright.notify", PipelineContract.NOTIFY_TO).matcher("${escalateTo}").matches())
			.isTrue();
	}

	@Test
	void theLostReasonTemplateWritesTheContractsNames() {
		assertThat(ElementTemplates.property("io.pipewright.lostWithReason", PipelineContract.OUTCOME)
			.path("value")
			.asText()).isEqualTo("lost");
		assertThat(ElementTemplates.property("io.pipewright.lostWithReason", PipelineContract.REASON)
			.path("binding")
			.path("type")
			.asText()).isEqualTo("camunda:property");
		assertThat(ElementTemplates.property("io.pipewright.notify", PipelineContract.NOTIFY_TEMPLATE)
			.path("binding")
			.path("type")
			.asText()).isEqualTo("camunda:inputParameter");
	}

	@Test
	void theGoalCheckAcceptsExpressionsOnly() {
		Pattern goal = pattern("io.pipewright.stageGoal", PipelineContract.GOAL_CONDITION);

		assertThat(goal.matcher("${meetingAgreed}").matches()).isTrue();
		assertThat(goal.matcher("${budgetConfirmed && value > 50000}").matches()).isTrue();
		assertThat(goal.matcher("meetingAgreed").matches()).isFalse();
		assertThat(goal.matcher("${meetingAgreed").matches()).isFalse();
		assertThat(goal.matcher("").matches()).isFalse();
	}

	private static Pattern pattern(String template, String binding) {
		return Pattern.compile(ElementTemplates.property(template, binding)
			.path("constraints")
			.path("pattern")
			.path("value")
			.asText());
	}

}

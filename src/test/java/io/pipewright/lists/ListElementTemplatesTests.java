package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.pipeline.ContractTestEngine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Modeler templates in config/element-templates, applied as the Modeler writes their
 * bindings, produce list tasks that deploy and record what the admin picked; left empty,
 * the audience is refused.
 */
class ListElementTemplatesTests {

	static final Path TEMPLATES = Path.of("config/element-templates/pipewright-lists.json");

	static final ContractTestEngine engine = new ContractTestEngine();

	final List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void reset() {
		Mocks.reset();
	}

	@Test
	void subscribeAndUnsubscribeTemplatesMakeTasksThatRecordTheAudienceAndTags() throws IOException {
		Mocks.register("subscribeToList", recorder("subscribe"));
		Mocks.register("unsubscribeFromList", recorder("unsubscribe"));
		BpmnModelInstance model = pipeline();
		apply(template("io.pipewright.subscribeToList"), model.getModelElementById("Task_Subscribe"),
				Map.of("listId", "a1b2c3d4e5", "tags", "prospect, platform"));
		apply(template("io.pipewright.unsubscribeFromList"), model.getModelElementById("Task_Unsubscribe"),
				Map.of("listId", "a1b2c3d4e5"));

		engine.engine().getRepositoryService().createDeployment().addModelInstance("templated.bpmn", model).deploy();
		engine.engine().getRuntimeService().startProcessInstanceByKey("templated", "lead-templated");

		assertThat(calls).containsExactly(
				Map.of("task", "subscribe", "listId", "a1b2c3d4e5", "tags", "prospect, platform"),
				Map.of("task", "unsubscribe", "listId", "a1b2c3d4e5", "tags", ""));
	}

	@Test
	void anAudienceLeftEmptyIsRefusedAtDeploymentNamingTheTask() throws IOException {
		BpmnModelInstance model = pipeline();
		apply(template("io.pipewright.subscribeToList"), model.getModelElementById("Task_Subscribe"), Map.of());
		apply(template("io.pipewright.unsubscribeFromList"), model.getModelElementById("Task_Unsubscribe"),
				Map.of("listId", "a1b2c3d4e5"));

		assertThatThrownBy(() -> engine.engine()
			.getRepositoryService()
			.createDeployment()
			.addModelInstance("templated.bpmn", model)
			.deploy()).isInstanceOf(ParseException.class).hasMessageContaining("Task_Subscribe");
	}

	@Test
	void theAudienceIdConstraintAcceptsMailChimpIdsOnly() throws IOException {
		Pattern pattern = Pattern.compile(template("io.pipewright.subscribeToList").path("properties")
			.get(1)
			.path("constraints")
			.path("pattern")
			.path("value")
			.asText());

		assertThat(pattern.matcher("a1b2c3d4e5").matches()).isTrue();
		assertThat(pattern.matcher("${listId}").matches()).isFalse();
		assertThat(pattern.matcher("").matches()).isFalse();
	}

	private JavaDelegate recorder(String task) {
		return execution -> calls
			.add(Map.of("task", task, "listId", String.valueOf(execution.getVariableLocal("listId")), "tags",
					execution.hasVariableLocal("tags") ? String.valueOf(execution.getVariableLocal("tags")) : ""));
	}

	private static BpmnModelInstance pipeline() {
		return Bpmn.createExecutableProcess("templated")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.serviceTask("Task_Subscribe")
			.serviceTask("Task_Unsubscribe")
			.endEvent()
			.done();
	}

	private static JsonNode template(String id) throws IOException {
		for (JsonNode template : new ObjectMapper().readTree(TEMPLATES.toFile())) {
			if (id.equals(template.path("id").asText())) {
				return template;
			}
		}
		throw new AssertionError("No template " + id + " in " + TEMPLATES);
	}

	/**
	 * What the Modeler writes for each binding: a Hidden value as given, a field the
	 * admin filled in as typed, an optional field left empty not at all.
	 */
	private static void apply(JsonNode template, ServiceTask task, Map<String, String> typed) {
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			String name = binding.path("name").asText();
			String value = "Hidden".equals(property.path("type").asText()) ? property.path("value").asText()
					: typed.get(name);
			if (value == null && property.path("optional").asBoolean()) {
				continue;
			}
			switch (binding.path("type").asText()) {
				case "property" -> task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn",
						name.substring(name.indexOf(':') + 1), value);
				case "camunda:inputParameter" -> inputOutput(task).addChildElement(parameter(task, name, value));
				default -> throw new AssertionError("Unexpected binding " + binding);
			}
		}
	}

	private static CamundaInputOutput inputOutput(ServiceTask task) {
		ExtensionElements extensions = task.getExtensionElements() != null ? task.getExtensionElements()
				: task.getModelInstance().newInstance(ExtensionElements.class);
		task.setExtensionElements(extensions);
		CamundaInputOutput io = extensions.getElementsQuery()
			.filterByType(CamundaInputOutput.class)
			.list()
			.stream()
			.findFirst()
			.orElseGet(() -> extensions.addExtensionElement(CamundaInputOutput.class));
		return io;
	}

	private static CamundaInputParameter parameter(ServiceTask task, String name, String value) {
		CamundaInputParameter parameter = task.getModelInstance().newInstance(CamundaInputParameter.class);
		parameter.setCamundaName(name);
		parameter.setTextContent(value == null ? "" : value);
		return parameter;
	}

}

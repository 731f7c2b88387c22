package io.pipewright.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipewright.pipeline.ContractTestEngine;
import io.pipewright.pipeline.ElementTemplates;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Modeler templates in config/element-templates, applied as the Modeler writes their
 * bindings, produce list tasks that deploy and record what the admin picked; left empty,
 * the audience is refused.
 */
class ListElementTemplatesTests {

	static final ContractTestEngine engine = new ContractTestEngine();

	final List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void reset() {
		Mocks.reset();
	}

	@Test
	void subscribeAndUnsubscribeTemplatesMakeTasksThatRecordTheAudienceAndTags() {
		Mocks.register("subscribeToList", recorder("subscribe"));
		Mocks.register("unsubscribeFromList", recorder("unsubscribe"));
		BpmnModelInstance model = pipeline();
		ElementTemplates.apply("io.pipewright.subscribeToList", model.getModelElementById("Task_Subscribe"),
				Map.of("listId", "a1b2c3d4e5", "tags", "prospect, platform"));
		ElementTemplates.apply("io.pipewright.unsubscribeFromList", model.getModelElementById("Task_Unsubscribe"),
				Map.of("listId", "a1b2c3d4e5"));

		engine.engine().getRepositoryService().createDeployment().addModelInstance("templated.bpmn", model).deploy();
		engine.engine().getRuntimeService().startProcessInstanceByKey("templated", "lead-templated");

		assertThat(calls).containsExactly(
				Map.of("task", "subscribe", "listId", "a1b2c3d4e5", "tags", "prospect, platform"),
				Map.of("task", "unsubscribe", "listId", "a1b2c3d4e5", "tags", ""));
	}

	@Test
	void anAudienceLeftEmptyIsRefusedAtDeploymentNamingTheTask() {
		BpmnModelInstance model = pipeline();
		ElementTemplates.apply("io.pipewright.subscribeToList", model.getModelElementById("Task_Subscribe"), Map.of());
		ElementTemplates.apply("io.pipewright.unsubscribeFromList", model.getModelElementById("Task_Unsubscribe"),
				Map.of("listId", "a1b2c3d4e5"));

		assertThatThrownBy(() -> engine.engine()
			.getRepositoryService()
			.createDeployment()
			.addModelInstance("templated.bpmn", model)
			.deploy()).isInstanceOf(ParseException.class).hasMessageContaining("Task_Subscribe");
	}

	@Test
	void theAudienceIdConstraintAcceptsMailChimpIdsOnly() {
		Pattern pattern = Pattern.compile(ElementTemplates.property("io.pipewright.subscribeToList", "listId")
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

}

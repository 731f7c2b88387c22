package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.PipelineContract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.form.handler.FormFieldHandler;
import org.camunda.bpm.engine.impl.form.handler.TaskFormHandler;
import org.camunda.bpm.engine.impl.form.type.StringFormType;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * Gives a stage task's form the stage's name, guidance and goal as form fields read from
 * the deployed model, so the engine answers them with the task's form variables
 * ({@code GET /task/{id}/form-variables}) without variable rows and their history per
 * task (three of the four a task carried; the name stays a variable for the Tasklist
 * filters). A variable of the same name (the stage's name, a task made before this, a
 * process variable) still wins, as the engine reads variables after fields. Nothing of it
 * is written on submit.
 */
final class StageFormFields implements TaskFormHandler {

	private final TaskFormHandler handler;

	private final List<FormFieldHandler> fields;

	StageFormFields(TaskFormHandler handler, StageModel stage) {
		this.handler = handler;
		this.fields = StageWord.WORDS.keySet().stream().sorted().map(name -> field(name, stage)).toList();
	}

	@Override
	public TaskFormData createTaskForm(TaskEntity task) {
		TaskFormData form = handler.createTaskForm(task);
		List<FormField> own = form.getFormFields();
		for (FormFieldHandler field : fields) {
			own.add(field.createFormField(task.getExecution()));
		}
		return form;
	}

	@Override
	public void parseConfiguration(Element activityElement, DeploymentEntity deployment,
			ProcessDefinitionEntity processDefinition, BpmnParse bpmnParse) {
		handler.parseConfiguration(activityElement, deployment, processDefinition, bpmnParse);
	}

	@Override
	public void submitFormVariables(VariableMap properties, VariableScope variableScope) {
		handler.submitFormVariables(properties, variableScope);
	}

	/** A read-only text field whose value is the stage's word, read when asked. */
	private static FormFieldHandler field(String name, StageModel stage) {
		FormFieldHandler field = new FormFieldHandler();
		field.setId(name);
		field.setType(new StringFormType());
		field.setDefaultValueExpression(new StageWord(name, stage));
		return field;
	}

	/**
	 * The stage's word, read at use: the parse fills the stage in after its tasks.
	 */
	private record StageWord(String name, StageModel stage) implements Expression {

		private static final Map<String, Function<StageModel, Object>> WORDS = Map.of(PipelineContract.STAGE_NAME,
				s -> s.name, PipelineContract.STAGE_GUIDANCE, s -> s.guidance, PipelineContract.GOAL_NAME,
				s -> s.goalName, PipelineContract.GOAL_FACTS, s -> String.join(",", s.goalFacts));

		@Override
		public Object getValue(VariableScope scope) {
			return WORDS.get(name).apply(stage);
		}

		@Override
		public void setValue(Object value, VariableScope scope) {
			throw new IllegalStateException("a stage's words come from its model");
		}

		@Override
		public String getExpressionText() {
			return name;
		}

		@Override
		public boolean isLiteralText() {
			return true;
		}

	}

}

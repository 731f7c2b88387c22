package io.pipewright.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Condition;
import org.camunda.bpm.model.bpmn.instance.ConditionalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Service;

/**
 * The deployed pipelines, read from their BPMN. A process definition never changes once
 * deployed, so each is read once and kept.
 */
@Service
public class Pipelines {

	private final RepositoryService repository;

	private final Map<String, Pipeline> byDefinitionId = new ConcurrentHashMap<>();

	Pipelines(RepositoryService repository) {
		this.repository = repository;
	}

	/** The newest version of every deployed pipeline, by key. */
	public List<Pipeline> latest() {
		return repository.createProcessDefinitionQuery()
			.latestVersion()
			.active()
			.list()
			.stream()
			.sorted(Comparator.comparing(ProcessDefinition::getKey))
			.map(this::describe)
			.toList();
	}

	public Pipeline latest(String key) {
		return find(key).orElseThrow(() -> new UnknownPipeline(key));
	}

	public Optional<Pipeline> find(String key) {
		if (key == null || key.isBlank()) {
			return Optional.empty();
		}
		ProcessDefinition definition = repository.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.active()
			.singleResult();
		return Optional.ofNullable(definition).map(this::describe);
	}

	public Pipeline byDefinitionId(String definitionId) {
		Pipeline known = byDefinitionId.get(definitionId);
		return known != null ? known : describe(repository.getProcessDefinition(definitionId));
	}

	private Pipeline describe(ProcessDefinition definition) {
		return byDefinitionId.computeIfAbsent(definition.getId(), id -> read(definition));
	}

	private Pipeline read(ProcessDefinition definition) {
		BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
		Process process = model.getModelElementById(definition.getKey());
		List<Pipeline.Stage> stages = inFlowOrder(process.getFlowElements(), model).stream()
			.filter(SubProcess.class::isInstance)
			.map(SubProcess.class::cast)
			.filter(sub -> !sub.triggeredByEvent())
			.map(sub -> stage(sub, model))
			.toList();
		String name = definition.getName() == null ? definition.getKey() : definition.getName();
		return new Pipeline(definition.getKey(), name, definition.getVersion(), definition.getId(), stages);
	}

	private Pipeline.Stage stage(SubProcess stage, BpmnModelInstance model) {
		Pipeline.Goal goal = model.getModelElementsByType(BoundaryEvent.class)
			.stream()
			.filter(event -> event.getAttachedTo() == stage && event.cancelActivity())
			.flatMap(event -> event.getEventDefinitions()
				.stream()
				.filter(ConditionalEventDefinition.class::isInstance)
				.map(def -> goal(event, conditionOf(event, (ConditionalEventDefinition) def))))
			.findFirst()
			.orElse(null);
		List<Pipeline.Task> tasks = new ArrayList<>();
		collectTasks(stage, model, tasks);
		return new Pipeline.Stage(stage.getId(), nameOf(stage), guidance(stage), goal, tasks);
	}

	private static Pipeline.Goal goal(BoundaryEvent event, String condition) {
		return new Pipeline.Goal(event.getId(), nameOf(event), condition, GoalFacts.of(condition));
	}

	/** The event's own condition, else its goalCondition property, as the parse does. */
	private static String conditionOf(BoundaryEvent event, ConditionalEventDefinition definition) {
		Condition condition = definition.getCondition();
		String own = condition == null || condition.getTextContent() == null ? "" : condition.getTextContent().trim();
		if (!own.isEmpty()) {
			return own;
		}
		String property = property(event, PipelineContract.GOAL_CONDITION);
		return property == null || property.isBlank() ? null : property.trim();
	}

	private void collectTasks(SubProcess scope, BpmnModelInstance model, List<Pipeline.Task> into) {
		for (FlowElement element : inFlowOrder(scope.getFlowElements(), model)) {
			if (element instanceof UserTask task) {
				into.add(new Pipeline.Task(task.getId(), nameOf(task), property(task, PipelineContract.DUE_IN),
						blankAsNull(task.getCamundaAssignee()), csv(task.getCamundaCandidateGroups()),
						csv(task.getCamundaCandidateUsers())));
			}
			else if (element instanceof SubProcess nested && !nested.triggeredByEvent()) {
				collectTasks(nested, model, into);
			}
		}
	}

	/**
	 * Flow elements in the order a lead meets them: breadth first from the start events
	 * along sequence flows, stepping out of an element through its boundary events too;
	 * anything unreachable comes last.
	 */
	private static List<FlowElement> inFlowOrder(Collection<FlowElement> elements, BpmnModelInstance model) {
		Set<FlowElement> ordered = new LinkedHashSet<>();
		Deque<FlowNode> queue = new ArrayDeque<>();
		elements.stream().filter(StartEvent.class::isInstance).map(FlowNode.class::cast).forEach(queue::add);
		Set<FlowElement> scope = new HashSet<>(elements);
		Collection<BoundaryEvent> boundaries = model.getModelElementsByType(BoundaryEvent.class);
		while (!queue.isEmpty()) {
			FlowNode node = queue.poll();
			if (!ordered.add(node)) {
				continue;
			}
			node.getOutgoing().stream().map(SequenceFlow::getTarget).filter(scope::contains).forEach(queue::add);
			boundaries.stream().filter(b -> b.getAttachedTo() == node).forEach(queue::add);
		}
		elements.stream().filter(e -> !(e instanceof SequenceFlow)).forEach(ordered::add);
		return List.copyOf(ordered);
	}

	private static String property(BaseElement element, String name) {
		if (element.getExtensionElements() == null) {
			return null;
		}
		return element.getExtensionElements()
			.getElementsQuery()
			.filterByType(CamundaProperties.class)
			.list()
			.stream()
			.flatMap(props -> props.getCamundaProperties().stream())
			.filter(p -> name.equals(p.getCamundaName()))
			.findFirst()
			.map(CamundaProperty::getCamundaValue)
			.orElse(null);
	}

	/** The guidance property, else the documentation, as the parse does. */
	private static String guidance(SubProcess stage) {
		String guidance = property(stage, PipelineContract.GUIDANCE);
		return guidance == null || guidance.isBlank() ? documentation(stage) : guidance.strip();
	}

	private static String documentation(BaseElement element) {
		return element.getDocumentations()
			.stream()
			.map(Documentation::getTextContent)
			.filter(text -> text != null && !text.isBlank())
			.map(String::strip)
			.findFirst()
			.orElse(null);
	}

	private static String nameOf(FlowElement element) {
		return element.getName() == null ? element.getId() : element.getName();
	}

	/** A field left empty in the Modeler names nobody, as in the parse. */
	private static String blankAsNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static List<String> csv(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return List.of(value.split("\\s*,\\s*"));
	}

}

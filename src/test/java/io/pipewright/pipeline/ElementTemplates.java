package io.pipewright.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The Modeler element templates in {@code config/element-templates}, and what the Modeler
 * writes into the BPMN when an admin applies one: tests apply them to bare elements and
 * deploy the result on a real engine.
 */
public final class ElementTemplates {

	public static final Path FOLDER = Path.of("config/element-templates");

	static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

	private ElementTemplates() {
	}

	/** Every template file in the folder, by file name. */
	public static Map<Path, JsonNode> files() {
		Map<Path, JsonNode> files = new TreeMap<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(FOLDER, "*.json")) {
			for (Path file : stream) {
				files.put(file, new ObjectMapper().readTree(file.toFile()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/** Every template in every file. */
	public static List<JsonNode> all() {
		List<JsonNode> all = new ArrayList<>();
		files().values().forEach(file -> file.forEach(all::add));
		return all;
	}

	public static JsonNode template(String id) {
		return all().stream()
			.filter(template -> id.equals(template.path("id").asText()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No template " + id + " in " + FOLDER));
	}

	/** The template's property bound to the given name. */
	public static JsonNode property(String templateId, String bindingName) {
		for (JsonNode property : template(templateId).path("properties")) {
			if (bindingName.equals(property.path("binding").path("name").asText())) {
				return property;
			}
		}
		throw new AssertionError("Template " + templateId + " binds no " + bindingName);
	}

	/**
	 * Applies a template as the Modeler does: marks the element with the template's id
	 * and version, writes a Hidden value as given, a field the admin typed as typed
	 * (keyed by binding name; "" for a field emptied), a field not touched with the
	 * template's default, and an optional field left empty not at all.
	 */
	public static void apply(String templateId, BaseElement element, Map<String, String> typed) {
		JsonNode template = template(templateId);
		String type = "bpmn:" + Character.toUpperCase(element.getElementType().getTypeName().charAt(0))
				+ element.getElementType().getTypeName().substring(1);
		if (!type.equals(template.path("elementType").path("value").asText())) {
			throw new AssertionError(
					templateId + " makes a " + template.path("elementType").path("value").asText() + ", not a " + type);
		}
		element.setAttributeValueNs(CAMUNDA_NS, "modelerTemplate", templateId);
		element.setAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion", template.path("version").asText());
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			String name = binding.path("name").asText();
			boolean optional = property.path("optional").asBoolean();
			String value = "Hidden".equals(property.path("type").asText()) || !typed.containsKey(name)
					? (property.has("value") ? property.path("value").asText() : null) : typed.get(name);
			if (optional && (value == null || value.isEmpty())) {
				continue; // the Modeler removes an optional binding left empty
			}
			if (value == null) {
				if ("property".equals(binding.path("type").asText())) {
					continue;
				}
				value = "";
			}
			switch (binding.path("type").asText()) {
				case "property" -> {
					if (name.startsWith("camunda:")) {
						element.setAttributeValueNs(CAMUNDA_NS, name.substring("camunda:".length()), value);
					}
					else {
						element.setAttributeValue(name, value);
					}
				}
				case "camunda:property" ->
					camundaProperties(element).addChildElement(camundaProperty(element, name, value));
				case "camunda:inputParameter" ->
					inputOutput(element).addChildElement(inputParameter(element, name, value));
				default -> throw new AssertionError("Unexpected binding " + binding);
			}
		}
	}

	private static ExtensionElements extensions(BaseElement element) {
		ExtensionElements extensions = element.getExtensionElements() != null ? element.getExtensionElements()
				: element.getModelInstance().newInstance(ExtensionElements.class);
		element.setExtensionElements(extensions);
		return extensions;
	}

	private static CamundaProperties camundaProperties(BaseElement element) {
		ExtensionElements extensions = extensions(element);
		return extensions.getElementsQuery()
			.filterByType(CamundaProperties.class)
			.list()
			.stream()
			.findFirst()
			.orElseGet(() -> extensions.addExtensionElement(CamundaProperties.class));
	}

	private static CamundaProperty camundaProperty(BaseElement element, String name, String value) {
		CamundaProperty property = element.getModelInstance().newInstance(CamundaProperty.class);
		property.setCamundaName(name);
		property.setCamundaValue(value);
		return property;
	}

	private static CamundaInputOutput inputOutput(BaseElement element) {
		ExtensionElements extensions = extensions(element);
		return extensions.getElementsQuery()
			.filterByType(CamundaInputOutput.class)
			.list()
			.stream()
			.findFirst()
			.orElseGet(() -> extensions.addExtensionElement(CamundaInputOutput.class));
	}

	private static CamundaInputParameter inputParameter(BaseElement element, String name, String value) {
		CamundaInputParameter parameter = element.getModelInstance().newInstance(CamundaInputParameter.class);
		parameter.setCamundaName(name);
		parameter.setTextContent(value);
		return parameter;
	}

}

package io.pipewright.lists;

import io.pipewright.ApiClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;

/**
 * Copies of the newsletter fixture ({@code lists/newsletter.bpmn}), each with a pipeline
 * key and audience of its own, deployed as the Modeler does; and leads on them.
 */
final class Newsletters {

	private Newsletters() {
	}

	/** Deploys a copy that subscribes to and unsubscribes from this audience; its key. */
	static String deployOn(ApiClient admin, String listId) {
		String key = "newsletter-" + listId;
		String bpmn = newsletter().replace("a1b2c3d4e5", listId).replace("id=\"newsletter\"", "id=\"" + key + "\"");
		admin.deploy(key, key + ".bpmn", bpmn.getBytes(StandardCharsets.UTF_8)).expect(200);
		return key;
	}

	/** A lead of the admin's, company "{last name} AS"; its id. */
	static String createLead(ApiClient admin, String pipeline, String name, String email) {
		Map<String, Object> lead = new LinkedHashMap<>();
		lead.put("name", name);
		lead.put("company", name.substring(name.indexOf(' ') + 1) + " AS");
		lead.put("email", email);
		lead.put("productLine", "Platform");
		lead.put("owner", "admin");
		lead.put("pipeline", pipeline);
		return admin.createLead(lead).path("id").asText();
	}

	private static String newsletter() {
		try {
			return new ClassPathResource("lists/newsletter.bpmn").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

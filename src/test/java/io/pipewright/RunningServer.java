package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random port, on a fresh database of its own (see
 * {@link TestDatabases}) for each test class; tests talk to it over HTTP only, through
 * {@link ApiClient}. The context is closed after the class, so the next class starts on
 * an empty database and no two engines named 'default' run at once.
 */
@SpringBootTest(classes = PipewrightApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pipewright.admin.password=" + ApiClient.ADMIN_PASSWORD)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class RunningServer {

	private static final AtomicInteger names = new AtomicInteger();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void freshDatabase(DynamicPropertyRegistry registry) {
		TestDatabases.fresh().register(registry);
	}

	/** A file from the test resources, e.g. {@code modeler/two-stage.bpmn}. */
	protected static byte[] fixture(String path) {
		try (InputStream in = RunningServer.class.getResourceAsStream("/" + path)) {
			assertThat(in).as("fixture %s", path).isNotNull();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected ApiClient admin() {
		return ApiClient.admin(port);
	}

	protected ApiClient anonymous() {
		return ApiClient.anonymous(port);
	}

	/** A name no other test in this JVM uses, for users and external ids. */
	protected static String unique(String prefix) {
		return prefix + names.incrementAndGet();
	}

	/** Creates a rep as an engine user, and answers its id. */
	protected String newRep() {
		String rep = unique("rep");
		admin().ensureUser(rep, rep + "-secret");
		return rep;
	}

	// ---- reading a lead's JSON ----

	protected static List<JsonNode> tasks(JsonNode lead) {
		return ApiClient.list(lead.path("tasks"));
	}

	protected static List<JsonNode> stages(JsonNode lead) {
		return ApiClient.list(lead.path("stages"));
	}

	/** The passed stage with this id; fails when the lead never left it. */
	protected static JsonNode passedStage(JsonNode lead, String stageId) {
		return stages(lead).stream()
			.filter(stage -> stageId.equals(stage.path("id").asText()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("lead has not passed " + stageId + ": " + lead.path("stages")));
	}

	protected static List<String> passedStageIds(JsonNode lead) {
		return stages(lead).stream().map(stage -> stage.path("id").asText()).toList();
	}

	protected static String stageId(JsonNode lead) {
		return lead.path("stage").path("id").asText(null);
	}

	protected static Instant instant(JsonNode node) {
		assertThat(node.isTextual()).as("an instant: %s", node).isTrue();
		return Instant.parse(node.asText());
	}

	protected static JsonNode only(List<JsonNode> nodes, Predicate<JsonNode> which) {
		List<JsonNode> found = nodes.stream().filter(which).toList();
		assertThat(found).as("exactly one of %s", nodes).hasSize(1);
		return found.get(0);
	}

	protected static Predicate<JsonNode> named(String name) {
		return node -> name.equals(node.path("name").asText());
	}

	protected static Map<String, Object> lead(String name, Object... fieldsAndValues) {
		Map<String, Object> lead = new LinkedHashMap<>();
		lead.put("name", name);
		for (int i = 0; i < fieldsAndValues.length; i += 2) {
			lead.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
		}
		return lead;
	}

}

package io.pipewright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Talks to a running Pipewright over HTTP only, as an integration, Tasklist or the
 * Modeler would. Never throws on an error status: every call answers a {@link Response}
 * for the test to judge.
 */
public final class ApiClient {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "test-secret";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String baseUrl;

	private final String user;

	private final String password;

	private final String token;

	private final boolean followRedirects;

	private final RestClient http;

	private ApiClient(String baseUrl, String user, String password, String token, boolean followRedirects) {
		this.baseUrl = baseUrl;
		this.user = user;
		this.password = password;
		this.token = token;
		this.followRedirects = followRedirects;
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
			.build();
		RestClient.Builder builder = RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(new JdkClientHttpRequestFactory(client))
			.defaultStatusHandler(status -> true, (request, response) -> {
			});
		if (user != null) {
			builder.defaultHeaders(headers -> headers.setBasicAuth(user, password));
		}
		if (token != null) {
			builder.defaultHeaders(headers -> headers.setBearerAuth(token));
		}
		this.http = builder.build();
	}

	/** A client without credentials on the server at this port. */
	public static ApiClient anonymous(int port) {
		return new ApiClient("http://localhost:" + port, null, null, null, false);
	}

	/**
	 * The administrator created on the first start
	 * ({@code pipewright.admin.password=test-secret}).
	 */
	public static ApiClient admin(int port) {
		return anonymous(port).as(ADMIN, ADMIN_PASSWORD);
	}

	public ApiClient as(String user, String password) {
		return new ApiClient(baseUrl, user, password, null, followRedirects);
	}

	/**
	 * An integration: sends this API token as {@code Authorization: Bearer}, nothing
	 * else.
	 */
	public ApiClient withToken(String token) {
		return new ApiClient(baseUrl, null, null, token, followRedirects);
	}

	/** The same caller, following redirects as a browser does. */
	public ApiClient followingRedirects() {
		return new ApiClient(baseUrl, user, password, token, true);
	}

	// ---- plain HTTP ----

	public Response get(String path, Object... uriVariables) {
		return exchange(HttpMethod.GET, path, null, uriVariables);
	}

	/** A GET as a browser sends it, asking for HTML. */
	public Response browse(String path) {
		ResponseEntity<String> response = http.get()
			.uri(path)
			.accept(MediaType.TEXT_HTML, MediaType.ALL)
			.retrieve()
			.toEntity(String.class);
		return Response.of("GET " + path, response);
	}

	/** {@code body}: a JSON text sent as is, or an object written as JSON. */
	public Response post(String path, Object body, Object... uriVariables) {
		return exchange(HttpMethod.POST, path, body, uriVariables);
	}

	public Response patch(String path, Object body, Object... uriVariables) {
		return exchange(HttpMethod.PATCH, path, body, uriVariables);
	}

	public Response put(String path, Object... uriVariables) {
		return exchange(HttpMethod.PUT, path, null, uriVariables);
	}

	public Response delete(String path, Object... uriVariables) {
		return exchange(HttpMethod.DELETE, path, null, uriVariables);
	}

	/** Any call; {@code body} as for {@link #post}, or null. */
	public Response send(HttpMethod method, String path, Object body, Object... uriVariables) {
		return exchange(method, path, body, uriVariables);
	}

	/** A POST of text in another content type (CSV, newline-delimited JSON). */
	public Response postText(String path, String contentType, String body) {
		ResponseEntity<String> response = http.post()
			.uri(path)
			.accept(MediaType.APPLICATION_JSON)
			.contentType(MediaType.parseMediaType(contentType))
			.body(body)
			.retrieve()
			.toEntity(String.class);
		return Response.of("POST " + path, response);
	}

	private Response exchange(HttpMethod method, String path, Object body, Object... uriVariables) {
		RestClient.RequestBodySpec request = http.method(method)
			.uri(path, uriVariables)
			.accept(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body instanceof String text ? text : write(body));
		}
		return Response.of(method + " " + path, request.retrieve().toEntity(String.class));
	}

	/** A deployment as Camunda Modeler sends it: multipart form data to engine-rest. */
	public Response deploy(String deploymentName, String fileName, byte[] content) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		parts.add("deployment-name", deploymentName);
		parts.add("deployment-source", "Camunda Modeler");
		HttpHeaders fileHeaders = new HttpHeaders();
		fileHeaders.setContentType(MediaType.APPLICATION_OCTET_STREAM);
		fileHeaders.setContentDisposition(ContentDisposition.formData().name(fileName).filename(fileName).build());
		parts.add(fileName, new HttpEntity<>(content, fileHeaders));
		ResponseEntity<String> response = http.post()
			.uri("/engine-rest/deployment/create")
			.accept(MediaType.APPLICATION_JSON)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(parts)
			.retrieve()
			.toEntity(String.class);
		return Response.of("deploy " + fileName, response);
	}

	// ---- Pipewright's API ----

	public JsonNode createLead(Object lead) {
		return post("/api/leads", lead).expect(201);
	}

	public JsonNode lead(String id) {
		return get("/api/leads/{id}", id).expect(200);
	}

	public JsonNode reportFacts(String id, Object facts) {
		return post("/api/leads/{id}/facts", facts, id).expect(200);
	}

	/** How many leads there are, all statuses together. */
	public long leadTotal() {
		return get("/api/leads?size=1").expect(200).path("page").path("totalElements").asLong(-1);
	}

	// ---- Camunda's engine-rest, as Tasklist and Cockpit use it ----

	/** The lead's open tasks as Tasklist sees them. */
	public List<JsonNode> engineTasks(String leadId) {
		return list(get("/engine-rest/task?processInstanceBusinessKey={id}", leadId).expect(200));
	}

	public void completeTask(String taskId) {
		post("/engine-rest/task/{id}/complete", "{}", taskId).expect(204);
	}

	/** Creates an engine user with the rep role unless one with that id exists. */
	public void ensureUser(String id, String password) {
		ensureUserIn(id, password, "reps");
	}

	/**
	 * Creates an engine user in these groups (role groups: camunda-admin, managers, reps,
	 * marketing; or teams) unless one with that id exists.
	 */
	public void ensureUserIn(String id, String password, String... groups) {
		if (get("/engine-rest/user/{id}/profile", id).status() == 200) {
			return;
		}
		post("/engine-rest/user/create",
				Map.of("profile", Map.of("id", id, "firstName", "Rep", "lastName", id, "email", id + "@example.com"),
						"credentials", Map.of("password", password)))
			.expect(204);
		for (String group : groups) {
			put("/engine-rest/group/{id}/members/{user}", group, id).expect(204);
		}
	}

	/** Creates an engine group (a team) with these users as members, unless it exists. */
	public void ensureTeam(String id, String... members) {
		if (get("/engine-rest/group/{id}", id).status() == 200) {
			return;
		}
		post("/engine-rest/group/create", Map.of("id", id, "name", id, "type", "WORKFLOW")).expect(204);
		for (String member : members) {
			ensureUser(member, "pw-" + member);
			put("/engine-rest/group/{id}/members/{user}", id, member).expect(204);
		}
	}

	public static List<JsonNode> list(JsonNode array) {
		assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	public static String write(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/** What the server answered; {@code call} names the request in assertion messages. */
	public record Response(String call, int status, HttpHeaders headers, String body) {

		static Response of(String call, ResponseEntity<String> entity) {
			return new Response(call, entity.getStatusCode().value(), entity.getHeaders(),
					entity.getBody() == null ? "" : entity.getBody());
		}

		/**
		 * The body as JSON; missing when the server answered something else, such as
		 * HTML.
		 */
		public JsonNode json() {
			MediaType type = contentType();
			boolean json = type != null
					&& (type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json"));
			if (body.isBlank() || !json) {
				return MissingNode.getInstance();
			}
			try {
				return JSON.readTree(body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(call + " answered no JSON: " + body, ex);
			}
		}

		public MediaType contentType() {
			return headers.getContentType();
		}

		/** Asserts the status and answers the JSON body. */
		public JsonNode expect(int expectedStatus) {
			assertThat(status).as("%s answered %s %s", call, status, body).isEqualTo(expectedStatus);
			return json();
		}

		/**
		 * Asserts an RFC 9457 problem with this status; when {@code field} is given, one
		 * of its {@code errors} names that field with a message.
		 */
		public JsonNode expectProblem(int expectedStatus, String field) {
			JsonNode problem = expect(expectedStatus);
			assertThat(contentType()).as("%s content type", call).isNotNull();
			assertThat(contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.as("%s answered %s, not application/problem+json", call, contentType())
				.isTrue();
			assertThat(problem.path("type").asText()).as("%s problem type in %s", call, body).isNotBlank();
			assertThat(problem.path("title").asText()).as("%s problem title in %s", call, body).isNotBlank();
			assertThat(problem.path("status").asInt()).as("%s problem status in %s", call, body)
				.isEqualTo(expectedStatus);
			assertThat(problem.path("detail").asText()).as("%s problem detail in %s", call, body).isNotBlank();
			if (field != null) {
				assertThat(list(problem.path("errors"))).as("%s errors in %s", call, body).anySatisfy(error -> {
					assertThat(error.path("field").asText()).isEqualTo(field);
					assertThat(error.path("message").asText()).isNotBlank();
				});
			}
			return problem;
		}

	}

}

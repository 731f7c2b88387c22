package io.pipewright.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipewright.ApiClient;
import io.pipewright.RunningServer;
import io.pipewright.TestDatabases;
import io.pipewright.api.WriteEndpoints.Endpoint;
import io.pipewright.api.WriteEndpoints.Seeds;
import io.pipewright.api.WriteEndpoints.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Malformed and hostile input thrown at every write endpoint of {@code /api} (the list is
 * {@link WriteEndpoints}), property-based: every generated request is invalid by
 * construction, so the only right answer is a 4xx RFC 9457 problem, and nothing may
 * change, in Pipewright's tables or the engine's. A failure is shrunk to the smallest
 * request that still fails, and names the seed that repeats the run.
 */
@TestPropertySource(properties = "pipewright.api.max-request-size=" + HostileInputTests.MAX_REQUEST_SIZE + "B")
class HostileInputTests extends RunningServer {

	private static final Logger log = LoggerFactory.getLogger(HostileInputTests.class);

	/** Smaller than the 1MB default, so oversized bodies stay cheap to send. */
	static final int MAX_REQUEST_SIZE = 256 * 1024;

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private static final ObjectMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	@Autowired
	DataSource dataSource;

	private JdbcClient jdbc;

	private RawHttp http;

	private Seeds seeds;

	private List<String> tables;

	@BeforeEach
	void connect() {
		jdbc = JdbcClient.create(dataSource);
		http = new RawHttp(port, ApiClient.ADMIN, ApiClient.ADMIN_PASSWORD);
	}

	@Test
	void hostileInputIsRefusedWithAProblemAndChangesNothing() {
		seeds = seeds();
		tables = tables();
		awaitQuiet();
		Map<String, Integer> answers = new TreeMap<>();
		AtomicReference<Map<String, Object>> last = new AtomicReference<>(fingerprint());
		// the PostgreSQL round (same seed, so the same edge cases first) checks that what
		// is
		// refused changes nothing there either; fewer tries keep the suite under 10
		// minutes
		int tries = TestDatabases.postgres() ? 300 : 400;
		int tried = PropertyCheck.forAll(hostileRequests()).tries(tries).edgeCases(250).check(request -> {
			RawHttp.Response response = http.send(request);
			Map<String, Object> before = last.get();
			Map<String, Object> after = fingerprint();
			last.set(after);

			assertThat(response.status()).as("%s answered %s %s", request, response.status(), response.body())
				.isBetween(400, 499);
			String contentType = response.header("Content-Type");
			assertThat(contentType)
				.as("%s answered %s without a content type: %s", request, response.status(), response.body())
				.isNotNull();
			assertThat(MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.as("%s answered %s as %s: %s", request, response.status(), contentType, response.body())
				.isTrue();
			JsonNode problem = read(response.body());
			assertThat(problem.path("status").asInt()).as("%s problem %s", request, response.body())
				.isEqualTo(response.status());
			assertThat(problem.path("title").asText()).as("%s problem %s", request, response.body()).isNotBlank();
			assertThat(problem.path("detail").asText()).as("%s problem %s", request, response.body()).isNotBlank();
			assertThat(after).as("what %s changed", request).isEqualTo(before);
			answers.merge(String.valueOf(response.status()), 1, Integer::sum);
		});
		log.info("{} hostile requests, all refused with a problem and changing nothing: {}", tried, answers);
	}

	// ---- the limits, one by one ----

	@Test
	void aBodyOverTheLimitIsRefusedBeforeItIsReadNamingTheLimit() {
		long leads = admin().leadTotal();
		for (boolean chunked : List.of(false, true)) {
			// a lead the API would take, but for the blanks that make it one byte too
			// large
			byte[] body = padded("{\"name\":\"Padded AS\"}", MAX_REQUEST_SIZE + 1);

			RawHttp.Response response = http
				.send(new RawHttp.Request("POST", "/api/leads", "application/json", body, chunked));

			JsonNode problem = problem(response, 413);
			assertThat(problem.path("detail").asText()).as("chunked: %s", chunked)
				.contains("256KB", "pipewright.api.max-request-size");
		}
		assertThat(admin().leadTotal()).isEqualTo(leads);
		// at the limit exactly, it is read
		String id = http
			.send(new RawHttp.Request("POST", "/api/leads", "application/json",
					padded("{\"name\":\"Padded AS\"}", MAX_REQUEST_SIZE), true))
			.header("Location");
		assertThat(admin().leadTotal()).isEqualTo(leads + 1);
		assertThat(id).startsWith("/api/leads/");
	}

	@Test
	void theJsonLimitsNameWhatIsTooLarge() {
		String id = admin().createLead(Map.of("name", "Deep AS")).path("id").asText();
		JsonNode before = admin().lead(id);
		String facts = "/api/leads/" + id + "/facts";

		JsonNode deep = problem(post(facts, "{\"notes\":" + "[".repeat(64) + "]".repeat(64) + "}"), 400);
		assertThat(deep.path("detail").asText()).contains("nesting depth (65) exceeds the maximum allowed (64)");
		// one level less is read, and is no fact
		JsonNode shallow = problem(post(facts, "{\"notes\":" + "[".repeat(63) + "]".repeat(63) + "}"), 400);
		assertThat(shallow.path("errors").get(0).path("field").asText()).isEqualTo("notes");

		JsonNode text = problem(post(facts, "{\"notes\":\"" + "x".repeat(100_001) + "\"}"), 400);
		assertThat(text.path("detail").asText()).contains("String value length", "maximum allowed (100000)");

		JsonNode number = problem(post(facts, "{\"notes\":" + "9".repeat(101) + "}"), 400);
		assertThat(number.path("detail").asText())
			.contains("Number value length (101) exceeds the maximum allowed (100)");
		assertThat(admin().lead(id)).isEqualTo(before);
	}

	@Test
	void jsonIsReadStrictly() {
		long leads = admin().leadTotal();
		assertThat(problem(post("{\"name\":\"Twice AS\",\"name\":\"Again AS\"}"), 400).path("detail").asText())
			.contains("Duplicate field 'name'");
		assertThat(problem(post("{\"name\":\"Trailing AS\"} {\"name\":\"More AS\"}"), 400).path("detail").asText())
			.contains("goes on after its JSON value");
		assertThat(problem(post("{\"name\":\"Number AS\",\"value\":\"125000\"}"), 400).path("errors")
			.get(0)
			.path("field")
			.asText()).isEqualTo("value");
		assertThat(problem(post("{\"name\":125000}"), 400).path("errors").get(0).path("field").asText())
			.isEqualTo("name");
		for (String date : List.of("20000", "[2030, 6, 30]", "[]", "\"2030-6-30\"")) {
			assertThat(problem(post("{\"name\":\"Dated AS\",\"expectedCloseDate\":" + date + "}"), 400).path("errors")
				.get(0)
				.path("field")
				.asText()).as(date).isEqualTo("expectedCloseDate");
		}
		assertThat(admin().leadTotal()).isEqualTo(leads);
	}

	/**
	 * Refused before Spring MVC (by Tomcat, by Spring Security's firewall), or outside
	 * any controller.
	 */
	@Test
	void whatIsRefusedBeforeAnyControllerIsAProblemToo() {
		// Tomcat: a request line beyond server.max-http-request-header-size, bytes a URL
		// may not hold
		assertThat(problem(http.send(new RawHttp.Request("POST", "/api/leads/" + "x".repeat(10_000) + "/won",
				"application/json", bytes("{}"), false)), 400)
			.path("detail")
			.asText()).contains("refused the request before reading it");
		problem(http.send(new RawHttp.Request("POST", "/api/leads/é/won", "application/json", bytes("{}"), false)),
				400);
		// Spring Security's firewall: a semicolon
		assertThat(problem(
				http.send(new RawHttp.Request("POST", "/api/leads/a;b/won", "application/json", bytes("{}"), false)),
				400)
			.path("detail")
			.asText()).contains("\";\"");
		// no controller: no content type, a method the path does not take, no such path
		problem(http.send(new RawHttp.Request("PATCH", "/api/leads/" + UUID.randomUUID(), null, bytes("{}"), false)),
				415);
		problem(http.send(new RawHttp.Request("PUT", "/api/leads", "application/json", bytes("{}"), false)), 405);
		problem(http.send(new RawHttp.Request("POST", "/api/nothing-here", "application/json", bytes("{}"), false)),
				404);
	}

	private RawHttp.Response post(String body) {
		return post("/api/leads", body);
	}

	private RawHttp.Response post(String path, String body) {
		return http.send(new RawHttp.Request("POST", path, "application/json", bytes(body), false));
	}

	/** The JSON with blanks before its last brace, to this many bytes. */
	private static byte[] padded(String json, int size) {
		int at = json.lastIndexOf('}');
		return bytes(json.substring(0, at) + " ".repeat(size - json.length()) + json.substring(at));
	}

	/** Asserts an RFC 9457 problem with this status, and answers it. */
	private static JsonNode problem(RawHttp.Response response, int status) {
		assertThat(response.status()).as("answered %s", response.body()).isEqualTo(status);
		assertThat(MediaType.parseMediaType(response.header("Content-Type"))
			.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
			.as("%s %s", response.header("Content-Type"), response.body())
			.isTrue();
		JsonNode problem = read(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asText()).isNotBlank();
		assertThat(problem.path("detail").asText()).isNotBlank();
		return problem;
	}

	/** An endpoint, then a request to it that is invalid in one way or more. */
	Gen<RawHttp.Request> hostileRequests() {
		List<Gen<RawHttp.Request>> endpoints = WriteEndpoints.all(seeds).stream().map(this::requestsTo).toList();
		return Gen.oneOf(endpoints)
			.with(query(), (request, query) -> new RawHttp.Request(request.method(), request.target() + query,
					request.contentType(), request.body(), request.chunked()));
	}

	// ---- requests, each invalid by construction ----

	private Gen<RawHttp.Request> requestsTo(Endpoint endpoint) {
		List<Gen<RawHttp.Request>> kinds = new ArrayList<>();
		if (endpoint.readsBody()) {
			kinds.add(oneFieldRefused(endpoint));
			if (endpoint.refusedBodies() != null) {
				kinds.add(endpoint.refusedBodies().flatMap(body -> json(endpoint, body)));
			}
			if (endpoint.unknownFieldsRefused()) {
				kinds.add(unknownField(endpoint));
			}
			kinds.add(duplicateKey(endpoint));
			kinds.add(truncated(endpoint));
			kinds.add(trailingGarbage(endpoint));
			kinds.add(notJson(endpoint));
			kinds.add(notAnObject(endpoint));
			kinds.add(wrongContentType(endpoint));
			if (!endpoint.emptyAccepted()) {
				kinds.add(noBody(endpoint));
			}
			kinds.add(oversized(endpoint));
		}
		if (endpoint.target() != Target.NONE) {
			kinds.add(hostileTarget(endpoint));
		}
		if (!endpoint.readsBody() && endpoint.seededTargetRefused()) {
			kinds.add(anyBody(endpoint));
		}
		return Gen.oneOf(kinds);
	}

	/** The body it accepts, but for one field. */
	private Gen<RawHttp.Request> oneFieldRefused(Endpoint endpoint) {
		return Gen.of(endpoint.fields()).flatMap(field -> field.refused().flatMap(value -> {
			Map<String, Object> body = endpoint.validBody();
			body.put(field.name(), value);
			return json(endpoint, body);
		}));
	}

	/** The body it accepts, and a field it does not know. */
	private Gen<RawHttp.Request> unknownField(Endpoint endpoint) {
		Set<String> known = endpoint.validBody().keySet();
		return HostileValues.hostileText().filter(name -> !known.contains(name)).flatMap(name -> {
			Map<String, Object> body = endpoint.validBody();
			body.put(name, "x");
			return json(endpoint, body);
		});
	}

	/** The body it accepts, with one of its fields twice. */
	private Gen<RawHttp.Request> duplicateKey(Endpoint endpoint) {
		return Gen.of(endpoint.fields()).with(contentTypes(endpoint), (field, type) -> {
			String body = write(JSON, endpoint.validBody());
			String again = write(JSON, Map.of(field.name(), field.valid()));
			String twice = "{" + again.substring(1, again.length() - 1) + "," + body.substring(1);
			return request(endpoint, seededTarget(endpoint), type, bytes(twice), false);
		});
	}

	/** The body it accepts, cut short. */
	private Gen<RawHttp.Request> truncated(Endpoint endpoint) {
		byte[] body = bytes(write(JSON, endpoint.validBody()));
		return Gen.ints(1, body.length - 1)
			.with(contentTypes(endpoint), (length, type) -> request(endpoint, seededTarget(endpoint), type,
					Arrays.copyOf(body, length), false));
	}

	/** The body it accepts, and then something more. */
	private Gen<RawHttp.Request> trailingGarbage(Endpoint endpoint) {
		String body = write(JSON, endpoint.validBody());
		return Gen.of(" x", "}", "]", ",", " {}", " " + body, "\u0000", " null", "--", " 1")
			.with(contentTypes(endpoint),
					(more, type) -> request(endpoint, seededTarget(endpoint), type, bytes(body + more), false));
	}

	/** Bytes that are no JSON at all, sent as JSON. */
	private Gen<RawHttp.Request> notJson(Endpoint endpoint) {
		Gen<byte[]> text = Gen.oneOf(Gen.of("name=Fuzz&value=1", "<lead><name>Fuzz</name></lead>", "{'name': 'Fuzz'}",
				"{name: \"Fuzz\"}", "/* comment */ {}", "{\"name\": \"Fuzz\",}", "[1,]", "{\"a\" 1}", "\"unterminated",
				"{\"a\": \"\\x41\"}", "{\"a\": \"\\u12\"}", "{\"a\": tru}", "{\"a\": 01}", "{\"a\": NaN}", "\ufeff{}",
				"{\"a\": \"tab\tinside\"}"), HostileValues.hostileText())
			.map(HostileInputTests::bytes);
		Gen<byte[]> raw = Gen.of(new byte[] { (byte) 0xC3, (byte) 0x28 },
				new byte[] { '{', '"', (byte) 0xFF, '"', '}' }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { 0, 0, 0, 0 });
		Gen<byte[]> random = Gen.lists(Gen.ints(-128, 127), 1, 64).map(values -> {
			byte[] bytes = new byte[values.size()];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = values.get(i).byteValue();
			}
			return bytes;
		});
		return Gen.oneOf(text, raw, random)
			.filter(HostileInputTests::notJson)
			.with(contentTypes(endpoint), (body, type) -> request(endpoint, seededTarget(endpoint), type, body, false));
	}

	/**
	 * JSON, but not an object: an array, a text, a number, a boolean ({@code null} too
	 * where a body is required).
	 */
	private Gen<RawHttp.Request> notAnObject(Endpoint endpoint) {
		List<String> values = new ArrayList<>(List.of("[" + write(JSON, endpoint.validBody()) + "]", "[]", "\"Fuzz\"",
				"0", "-1", "1e400", "true", "false", "\"\""));
		if (!endpoint.emptyAccepted()) {
			values.add("null");
		}
		return Gen.of(values)
			.with(contentTypes(endpoint),
					(body, type) -> request(endpoint, seededTarget(endpoint), type, bytes(body), false));
	}

	/** The body it accepts, labelled as something else, or not labelled at all. */
	private Gen<RawHttp.Request> wrongContentType(Endpoint endpoint) {
		byte[] body = bytes(write(JSON, endpoint.validBody()));
		return Gen
			.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
					"text/json", "application/octet-stream", "application/json-patch+json; q=x", "json", "application/",
					"*/*; charset=utf-8", "application/json; charset=bogus", "\u0000", "")
			.filter(type -> !endpoint.jsonTypes().contains(type))
			.orNull(0.15)
			.map(type -> request(endpoint, seededTarget(endpoint), type, body, false));
	}

	/** Nothing at all where a body is required. */
	private Gen<RawHttp.Request> noBody(Endpoint endpoint) {
		return contentTypes(endpoint).orNull(0.3)
			.map(type -> request(endpoint, seededTarget(endpoint), type, null, false));
	}

	/**
	 * A body it accepts, but for the blanks that take it over the size limit; its length
	 * said up front or sent in chunks.
	 */
	private Gen<RawHttp.Request> oversized(Endpoint endpoint) {
		String body = write(JSON, endpoint.validBody());
		return Gen.ints(1, 64 * 1024)
			.with(Gen.of(false, true), (over, chunked) -> request(endpoint, seededTarget(endpoint),
					endpoint.jsonTypes().get(0), padded(body, MAX_REQUEST_SIZE + over), chunked));
	}

	/**
	 * A path variable that names nothing, or cannot name anything; with a body that would
	 * be accepted.
	 */
	private Gen<RawHttp.Request> hostileTarget(Endpoint endpoint) {
		byte[] body = endpoint.readsBody() ? bytes(write(JSON, endpoint.validBody())) : null;
		return hostileTargets(endpoint.target()).with(contentTypes(endpoint),
				(target, type) -> request(endpoint, target, type, body, false));
	}

	/** Whatever body, to an endpoint that reads none: its target alone is refused. */
	private Gen<RawHttp.Request> anyBody(Endpoint endpoint) {
		Gen<byte[]> body = Gen.oneOf(Gen.just((byte[]) null), HostileValues.hostileText().map(HostileInputTests::bytes),
				Gen.just(bytes(HostileValues.nested(5000).rawValue().toString())));
		return body.with(contentTypes(endpoint).orNull(0.3),
				(content, type) -> request(endpoint, seededTarget(endpoint), type, content, false));
	}

	private Gen<String> hostileTargets(Target target) {
		Gen<String> uuids = Gen.longs().with(Gen.longs(), (high, low) -> new UUID(high, low).toString());
		Gen<String> names = switch (target) {
			case LEAD -> Gen.oneOf(HostileValues.hostileText(), uuids, uuids.map(id -> id.toUpperCase(Locale.ROOT)));
			case PIPELINE -> HostileValues.notOneOf(seeds.pipelines());
			// any number names no change that can be retried: the only one is pending
			case LIST_CHANGE -> Gen.oneOf(HostileValues.hostileText(), Gen.longs().map(String::valueOf), Gen.of("-1",
					"0", "-0", "9223372036854775807", "9223372036854775808", "1e400", "NaN", "0x10", " 1", "1.0"));
			// no token has an id like these: ids are 16 hex digits
			case TOKEN -> Gen.oneOf(HostileValues.hostileText(), Gen.longs().map(String::valueOf));
			// none exists: any id names nothing
			case WEBHOOK, DELIVERY -> Gen.oneOf(HostileValues.hostileText(), Gen.longs().map(String::valueOf));
			case NONE -> throw new IllegalArgumentException("no target");
		};
		Gen<String> encoded = names.filter(name -> !name.equals(seeds.leadId())).map(HostileInputTests::encode);
		Gen<String> raw = Gen.of("..", ".", "../..", "..%2F", "%2e%2e", "%2E", "%00", "a%00b", "%zz", "%", "%2F",
				"%2f..", "%5C", "\\", ";jsessionid=x", "a;b=c", "%3B", "%0d%0aX-Injected:%20yes", "%252F", "~", "%7e",
				"", "%20", "+", "%C0%AE", "%ED%A0%80", "%FF");
		Gen<String> rawUnicode = Gen.of("é", "Ω", "\ud83d\udca5", "\u202e", "\u200d", "ｆ");
		Gen<String> long10k = Gen.of("x".repeat(10_000), "%00".repeat(3_000), encode("é".repeat(5_000)));
		return Gen.frequency(6, encoded, 3, raw, 1, rawUnicode, 1, long10k);
	}

	/** Query parameters no write endpoint reads, hostile ones among them. */
	private static Gen<String> query() {
		return Gen.frequency(4, Gen.just(""), 2,
				Gen.of("?erase=true", "?dryRun=false", "?id=..%2F", "?%00=%00", "?a=%zz", "?a=%", "?&&&=&", "?a=1&a=2",
						"?a=%ED%A0%80", "?=", "?x=" + "a".repeat(9_000), "?é=ü", "?page=-1&size=1000000",
						"?q=%27%3B%20drop%20table%20pw_lead%3B%20--"),
				2, HostileValues.hostileText().map(text -> "?q=" + encode(text)));
	}

	// ---- putting a request together ----

	/**
	 * The body as JSON, its text as UTF-8 (emoji as four bytes), or all non-ASCII
	 * escaped; halves of a surrogate pair always go escaped, as UTF-8 cannot carry them.
	 */
	private Gen<RawHttp.Request> json(Endpoint endpoint, Map<String, Object> body) {
		Gen<byte[]> encoded = Gen.of(0, 1, 2).map(way -> switch (way) {
			case 0 -> {
				String text = write(JSON, body);
				yield StandardCharsets.UTF_8.newEncoder().canEncode(text) ? bytes(text) : writeBytes(JSON, body);
			}
			case 1 -> writeBytes(JSON, body);
			default -> writeBytes(ESCAPING, body);
		});
		return contentTypes(endpoint).with(encoded,
				(type, content) -> request(endpoint, seededTarget(endpoint), type, content, false));
	}

	private static Gen<String> contentTypes(Endpoint endpoint) {
		List<String> types = new ArrayList<>(endpoint.jsonTypes());
		types.add(endpoint.jsonTypes().get(0) + ";charset=UTF-8");
		return Gen.of(types);
	}

	private static RawHttp.Request request(Endpoint endpoint, String target, String contentType, byte[] body,
			boolean chunked) {
		String path = target == null ? endpoint.path() : endpoint.path().replace("{target}", target);
		return new RawHttp.Request(endpoint.method(), path, contentType, body, chunked);
	}

	private String seededTarget(Endpoint endpoint) {
		return switch (endpoint.target()) {
			case LEAD -> seeds.leadId();
			case PIPELINE -> seeds.pipelineKey();
			case LIST_CHANGE -> String.valueOf(seeds.listChangeId());
			case TOKEN, WEBHOOK, DELIVERY, NONE -> null;
		};
	}

	/** Percent-encodes every byte of the text's UTF-8 but the unreserved ones. */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static boolean notJson(byte[] body) {
		try {
			STRICT.readTree(body);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static String write(ObjectMapper mapper, Object value) {
		try {
			return mapper.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] writeBytes(ObjectMapper mapper, Object value) {
		try {
			return mapper.writeValueAsBytes(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode read(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new AssertionError("not JSON: " + body, ex);
		}
	}

	// ---- the server's state ----

	/**
	 * An open lead with facts, a pending list change on a second pipeline, and who and
	 * what exists.
	 */
	private Seeds seeds() {
		Map<String, Object> lead = new LinkedHashMap<>();
		lead.put("name", "Seeded Fuzz AS");
		lead.put("company", "Seeded");
		lead.put("email", "seed@fuzz.example");
		lead.put("value", 90000);
		lead.put("currency", "NOK");
		lead.put("owner", ApiClient.ADMIN);
		lead.put("pipeline", "new-business");
		lead.put("externalId", "fuzz-seed");
		lead.put("expectedCloseDate", "2030-01-31");
		String leadId = admin().createLead(lead).path("id").asText();
		admin().reportFacts(leadId, Map.of("budgetNoted", true, "note", "seeded"));

		String audience = "fuzzaudience";
		String newsletter = new String(fixture("lists/newsletter.bpmn"), StandardCharsets.UTF_8)
			.replace("a1b2c3d4e5", audience)
			.replace("id=\"newsletter\"", "id=\"newsletter-fuzz\"");
		admin().deploy("newsletter-fuzz", "newsletter-fuzz.bpmn", bytes(newsletter)).expect(200);
		admin().createLead(Map.of("name", "Listed Fuzz AS", "email", "listed@fuzz.example", "owner", ApiClient.ADMIN,
				"pipeline", "newsletter-fuzz"));
		AtomicReference<JsonNode> changes = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			changes.set(admin().get("/api/lists/{list}/changes", audience).expect(200).path("content"));
			return changes.get().size() == 1;
		});
		assertThat(changes.get().get(0).path("state").asText()).isEqualTo("pending");

		Set<String> users = ApiClient.list(admin().get("/engine-rest/user").expect(200))
			.stream()
			.map(user -> user.path("id").asText())
			.collect(Collectors.toSet());
		Set<String> pipelines = ApiClient.list(admin().get("/api/pipelines").expect(200))
			.stream()
			.map(pipeline -> pipeline.path("key").asText())
			.collect(Collectors.toSet());
		assertThat(pipelines).contains("new-business", "newsletter-fuzz");
		return new Seeds(leadId, "new-business", changes.get().get(0).path("id").asLong(), users, pipelines);
	}

	/**
	 * Pipewright's own tables a write touches (every pw_stage_* one), and the engine's.
	 */
	private List<String> tables() {
		List<String> stageTables = jdbc
			.sql("select lower(table_name) from information_schema.tables where lower(table_name) like 'pw_stage%'"
					+ " and table_schema = current_schema")
			.query(String.class)
			.list();
		assertThat(stageTables).contains("pw_stage_visit", "pw_stage_task");
		List<String> tables = new ArrayList<>(List.of("pw_lead", "pw_lead_event", "pw_list_change", "pw_api_token",
				"pw_audit_entry", "pw_webhook", "pw_delivery"));
		tables.addAll(stageTables.stream().sorted().toList());
		tables.addAll(List.of("ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_VARIABLE", "ACT_HI_DETAIL"));
		return tables;
	}

	/**
	 * Row counts of the tables a write touches, and the seeded lead as the API shows it.
	 */
	private Map<String, Object> fingerprint() {
		String counts = tables.stream()
			.map(table -> "(select count(*) from " + table + ")")
			.collect(Collectors.joining(", ", "select ", ""));
		Map<String, Object> fingerprint = new LinkedHashMap<>(jdbc.sql(counts).query((rs, row) -> {
			Map<String, Object> rows = new LinkedHashMap<>();
			for (int i = 0; i < tables.size(); i++) {
				rows.put(tables.get(i), rs.getLong(i + 1));
			}
			return rows;
		}).single());
		fingerprint.put("lead", admin().lead(seeds.leadId()));
		return fingerprint;
	}

	/** Waits until the engine has done all that the seeding set off. */
	private void awaitQuiet() {
		AtomicReference<Map<String, Object>> last = new AtomicReference<>(Map.of());
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			Map<String, Object> now = fingerprint();
			return now.equals(last.getAndSet(now));
		});
	}

}

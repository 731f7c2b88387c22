package io.pipewright.lists;

import io.pipewright.lists.mailchimp.MailChimp;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers as MailChimp's Marketing API v3 does: the member on an add-or-update, 204 on a
 * tags update, and problem JSON on errors scripted per member. A permanent delete
 * ({@code POST .../members/{hash}/actions/delete-permanent}) answers 204 for a member the
 * audience holds and 404 Resource Not Found for any other (never added, or deleted
 * before); a member deleted for good cannot be added again (400 Forgotten Email Not
 * Subscribed), as MailChimp refuses to re-import such a contact. A batch subscribe
 * ({@code POST /lists/{id}}) answers 200 with the new and updated members and refuses
 * single members in its {@code errors}: an address at {@code fake.example} "looks fake or
 * invalid" ({@code ERROR_GENERIC}), as MailChimp says of such addresses. Records every
 * request, and how many were in flight at once.
 */
public class MailChimpFake extends Dispatcher {

	static final String ERRORS = "https://mailchimp.com/developer/marketing/docs/errors/";

	private static final Pattern MEMBER = Pattern
		.compile("/3\\.0/lists/([^/]+)/members/([0-9a-f]{32})(/tags|/actions/delete-permanent)?");

	private static final String DELETE_PERMANENT = "/actions/delete-permanent";

	private static final Pattern LIST = Pattern.compile("/3\\.0/lists/([^/]+)");

	/** A plain add, which MailChimp refuses for a member it already has. */
	private static final Pattern ADD = Pattern.compile("/3\\.0/lists/([^/]+)/members");

	private static final ObjectMapper JSON = new ObjectMapper();

	/** One batch subscribe as the server saw it. */
	record Batch(String listId, String authorization, JsonNode body) {

		List<String> emails() {
			List<String> emails = new ArrayList<>();
			body.path("members").forEach(member -> emails.add(member.path("email_address").asText()));
			return emails;
		}

		JsonNode member(String email) {
			for (JsonNode member : body.path("members")) {
				if (member.path("email_address").asText().equalsIgnoreCase(email)) {
					return member;
				}
			}
			return null;
		}

	}

	private final MockWebServer server = new MockWebServer();

	/**
	 * A fresh key each run: a key-shaped literal in the sources would read as a leaked
	 * secret.
	 */
	private final String apiKey = HexFormat.of().formatHex(randomBytes()) + "-us6";

	/** Starts answering and points the server under test at this fake with its key. */
	public void serve(DynamicPropertyRegistry registry) throws IOException {
		server.setDispatcher(this);
		server.start();
		registry.add("pipewright.mailchimp.api-key", () -> apiKey);
		registry.add("pipewright.mailchimp.base-url", () -> server.url("/3.0/").toString());
	}

	/**
	 * Starts answering, for servers started some other way (a node in a JVM of its own):
	 * the base URL to give them as {@code pipewright.mailchimp.base-url}.
	 */
	public String serve() throws IOException {
		server.setDispatcher(this);
		server.start();
		return server.url("/3.0/").toString();
	}

	String apiKey() {
		return apiKey;
	}

	HttpUrl url(String path) {
		return server.url(path);
	}

	public void stop() {
		server.close();
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	final List<Batch> batches = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<MockResponse>> scriptedBatches = new ConcurrentHashMap<>();

	/** Members MailChimp holds: "list/hash". */
	private final Set<String> known = ConcurrentHashMap.newKeySet();

	/** Members deleted for good: "list/hash". */
	private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

	/**
	 * One request for a member as the server saw it.
	 *
	 * @param deletePermanent a permanent delete (a POST without a body)
	 */
	public record Request(String method, String listId, String subscriberHash, boolean tags, String authorization,
			JsonNode body, boolean deletePermanent) {

		public String status() {
			return body.path("status").asText();
		}

	}

	public final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();

	private final Map<String, Deque<MockResponse>> scriptedDeletes = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private final Set<String> membersInFlight = ConcurrentHashMap.newKeySet();

	/** Requests for a member that arrived while another request for it was unanswered. */
	final List<String> overlaps = new CopyOnWriteArrayList<>();

	private volatile Duration latency = Duration.ZERO;

	public void reset() {
		requests.clear();
		scripted.clear();
		scriptedDeletes.clear();
		batches.clear();
		scriptedBatches.clear();
		overlaps.clear();
		mostInFlight.set(0);
		plainAdds.set(0);
		latency = Duration.ZERO;
	}

	/** Every add-or-update of this member answers this way, in turn, then as normal. */
	public void answer(String listId, String subscriberHash, MockResponse... responses) {
		scripted.computeIfAbsent(listId + "/" + subscriberHash, k -> new ArrayDeque<>()).addAll(List.of(responses));
	}

	/**
	 * Every permanent delete of this member answers this way, in turn, then as normal.
	 */
	public void answerDelete(String listId, String subscriberHash, MockResponse... responses) {
		scriptedDeletes.computeIfAbsent(listId + "/" + subscriberHash, k -> new ArrayDeque<>())
			.addAll(List.of(responses));
	}

	/** The permanent deletes of this member asked of the audience, in order. */
	public List<Request> deletes(String listId, String subscriberHash) {
		return requests.stream()
			.filter(r -> r.deletePermanent() && r.listId().equals(listId) && r.subscriberHash().equals(subscriberHash))
			.toList();
	}

	/** Every permanent delete asked, of any member on any audience. */
	public List<Request> deletes() {
		return requests.stream().filter(Request::deletePermanent).toList();
	}

	/** Whether the audience holds this member now. */
	public boolean holdsMember(String listId, String subscriberHash) {
		return known.contains(listId + "/" + subscriberHash);
	}

	/**
	 * Every batch subscribe to this audience answers this way, in turn, then as normal.
	 */
	void answerBatch(String listId, MockResponse... responses) {
		scriptedBatches.computeIfAbsent(listId, k -> new ArrayDeque<>()).addAll(List.of(responses));
	}

	/** How long the server takes over each answer. */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	int mostInFlight() {
		return mostInFlight.get();
	}

	List<Request> puts(String subscriberHash) {
		return requests.stream()
			.filter(r -> r.method().equals("PUT") && r.subscriberHash().equals(subscriberHash))
			.toList();
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
		Matcher list = LIST.matcher(request.getUrl().encodedPath());
		if (list.matches() && "POST".equals(request.getMethod())) {
			return batch(list.group(1), request);
		}
		Matcher add = ADD.matcher(request.getUrl().encodedPath());
		if (add.matches() && "POST".equals(request.getMethod())) {
			return plainAdd(add.group(1), request);
		}
		Matcher path = MEMBER.matcher(request.getUrl().encodedPath());
		if (!path.matches()) {
			return problem(404, "Resource Not Found", "The requested resource could not be found.");
		}
		String listId = path.group(1);
		String hash = path.group(2);
		boolean tags = "/tags".equals(path.group(3));
		boolean delete = DELETE_PERMANENT.equals(path.group(3));
		if (delete && !"POST".equals(request.getMethod())) {
			return problem(405, "Method Not Allowed", "The requested method and resource are not compatible.");
		}
		JsonNode body = delete ? JSON.createObjectNode() : body(request);
		if (body == null) {
			return invalid();
		}
		requests.add(new Request(request.getMethod(), listId, hash, tags, request.getHeaders().get("Authorization"),
				body, delete));
		String member = listId + "/" + hash;
		if (!tags && !membersInFlight.add(member)) {
			overlaps.add(member);
		}
		int now = inFlight.incrementAndGet();
		mostInFlight.accumulateAndGet(now, Math::max);
		try {
			if (!latency.isZero()) {
				// the server's own time to answer, while the request counts as in flight
				TimeUnit.MILLISECONDS.sleep(latency.toMillis());
			}
			Deque<MockResponse> queue = tags ? null : (delete ? scriptedDeletes : scripted).get(member);
			MockResponse next = queue == null ? null : queue.poll();
			if (next != null) {
				return next;
			}
			if (tags) {
				return new MockResponse.Builder().code(204).build();
			}
			if (delete) {
				if (!known.remove(member)) {
					return problem(404, "Resource Not Found", "The requested resource could not be found.");
				}
				forgotten.add(member);
				return new MockResponse.Builder().code(204).build();
			}
			if (forgotten.contains(member)) {
				return problem(400, "Forgotten Email Not Subscribed", body.path("email_address").asText()
						+ " was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.");
			}
			known.add(member);
			return json(200, memberJson(listId, hash, body));
		}
		finally {
			inFlight.decrementAndGet();
			if (!tags) {
				membersInFlight.remove(member);
			}
		}
	}

	/** Someone added this person to the audience outside Pipewright. */
	void holds(String listId, String email) {
		known.add(listId + "/" + MailChimp.subscriberHash(email));
	}

	private MockResponse plainAdd(String listId, RecordedRequest request) {
		plainAdds.incrementAndGet();
		JsonNode body = body(request);
		if (body == null) {
			return invalid();
		}
		String email = body.path("email_address").asText();
		if (!known.add(listId + "/" + MailChimp.subscriberHash(email))) {
			return problem(400, "Member Exists",
					email + " is already a list member. Use PUT to insert or update list members.");
		}
		return json(200, "{\"email_address\":\"" + email + "\",\"status\":\"subscribed\"}");
	}

	final AtomicInteger plainAdds = new AtomicInteger();

	/**
	 * The request's JSON, or null when it is not JSON (MailChimp then answers 400 Invalid
	 * Resource).
	 */
	private static JsonNode body(RecordedRequest request) {
		try {
			return JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static MockResponse invalid() {
		return problem(400, "Invalid Resource", "The resource submitted could not be validated.");
	}

	private MockResponse batch(String listId, RecordedRequest request) throws InterruptedException {
		JsonNode body = body(request);
		if (body == null) {
			return invalid();
		}
		batches.add(new Batch(listId, request.getHeaders().get("Authorization"), body));
		List<String> members = new ArrayList<>();
		body.path("members")
			.forEach(m -> members.add(listId + "/" + MailChimp.subscriberHash(m.path("email_address").asText())));
		for (String member : members) {
			if (!membersInFlight.add(member)) {
				overlaps.add(member);
			}
		}
		int now = inFlight.incrementAndGet();
		mostInFlight.accumulateAndGet(now, Math::max);
		try {
			if (!latency.isZero()) {
				TimeUnit.MILLISECONDS.sleep(latency.toMillis());
			}
			Deque<MockResponse> queue = scriptedBatches.get(listId);
			MockResponse next = queue == null ? null : queue.poll();
			if (next != null) {
				return next;
			}
			if (members.size() > 500) {
				return problem(400, "Invalid Resource", "The resource submitted could not be validated."
						+ " members: Schema describes array, maximum 500 items");
			}
			var answer = JSON.createObjectNode();
			var created = answer.putArray("new_members");
			var updated = answer.putArray("updated_members");
			var errors = answer.putArray("errors");
			boolean updateExisting = body.path("update_existing").asBoolean(false);
			for (JsonNode m : body.path("members")) {
				String email = m.path("email_address").asText();
				String hash = MailChimp.subscriberHash(email);
				String member = listId + "/" + hash;
				if (email.toLowerCase(Locale.ROOT).endsWith("@fake.example")) {
					errors.addObject()
						.put("email_address", email)
						.put("error", email + " looks fake or invalid, please enter a real email address.")
						.put("error_code", "ERROR_GENERIC");
				}
				else if (known.contains(member) && !updateExisting) {
					errors.addObject()
						.put("email_address", email)
						.put("error", email
								+ " is already a list member, do you want to update? please provide update_existing:true in the request body")
						.put("error_code", "ERROR_CONTACT_EXISTS");
				}
				else {
					(known.add(member) ? created : updated).add(JSON.readTree(memberJson(listId, hash, m)));
				}
			}
			answer.put("total_created", created.size());
			answer.put("total_updated", updated.size());
			answer.put("error_count", errors.size());
			return json(200, answer.toString());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			inFlight.decrementAndGet();
			members.forEach(membersInFlight::remove);
		}
	}

	public static MockResponse problem(int status, String title, String detail) {
		return json(status, """
				{"type":"%s","title":"%s","status":%d,"detail":"%s","instance":"5f7c3b2e-6a1d-4c8e-9d3f-2b1a0e9c8d7f"}
				""".formatted(ERRORS, title, status, detail));
	}

	public static MockResponse json(int status, String body) {
		MockResponse.Builder response = new MockResponse.Builder().code(status).body(body);
		return response.addHeader("Content-Type", status < 400 ? "application/json" : "application/problem+json")
			.build();
	}

	private static String memberJson(String listId, String hash, JsonNode body) {
		var member = JSON.createObjectNode();
		member.put("id", hash);
		member.put("email_address", body.path("email_address").asText());
		member.put("unique_email_id", hash.substring(0, 10));
		member.put("status", body.path("status").asText());
		member.set("merge_fields", body.path("merge_fields"));
		member.put("list_id", listId);
		return member.toString();
	}

}

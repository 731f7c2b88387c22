package io.pipewright.lists;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
 * tags update, and problem JSON on errors scripted per member. Records every request, and
 * how many were in flight at once.
 */
class MailChimpFake extends Dispatcher {

	static final String ERRORS = "https://mailchimp.com/developer/marketing/docs/errors/";

	private static final Pattern MEMBER = Pattern.compile("/3\\.0/lists/([^/]+)/members/([0-9a-f]{32})(/tags)?");

	private static final ObjectMapper JSON = new ObjectMapper();

	/** One request as the server saw it. */
	record Request(String method, String listId, String subscriberHash, boolean tags, String authorization,
			JsonNode body) {

		String status() {
			return body.path("status").asText();
		}

	}

	final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private final Set<String> membersInFlight = ConcurrentHashMap.newKeySet();

	/** Requests for a member that arrived while another request for it was unanswered. */
	final List<String> overlaps = new CopyOnWriteArrayList<>();

	private volatile Duration latency = Duration.ZERO;

	void reset() {
		requests.clear();
		scripted.clear();
		overlaps.clear();
		mostInFlight.set(0);
		latency = Duration.ZERO;
	}

	/** Every add-or-update of this member answers this way, in turn, then as normal. */
	void answer(String listId, String subscriberHash, MockResponse... responses) {
		scripted.computeIfAbsent(listId + "/" + subscriberHash, k -> new ArrayDeque<>()).addAll(List.of(responses));
	}

	/** How long the server takes over each answer. */
	void latency(Duration latency) {
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
		Matcher path = MEMBER.matcher(request.getUrl().encodedPath());
		if (!path.matches()) {
			return problem(404, "Resource Not Found", "The requested resource could not be found.");
		}
		String listId = path.group(1);
		String hash = path.group(2);
		boolean tags = path.group(3) != null;
		JsonNode body;
		try {
			body = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
		}
		catch (java.io.IOException ex) {
			return problem(400, "Invalid Resource", "The resource submitted could not be validated.");
		}
		requests
			.add(new Request(request.getMethod(), listId, hash, tags, request.getHeaders().get("Authorization"), body));
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
			Deque<MockResponse> queue = tags ? null : scripted.get(member);
			MockResponse next = queue == null ? null : queue.poll();
			if (next != null) {
				return next;
			}
			if (tags) {
				return new MockResponse.Builder().code(204).build();
			}
			return json(200, memberJson(listId, hash, body));
		}
		finally {
			inFlight.decrementAndGet();
			if (!tags) {
				membersInFlight.remove(member);
			}
		}
	}

	static MockResponse problem(int status, String title, String detail) {
		return json(status, """
				{"type":"%s","title":"%s","status":%d,"detail":"%s","instance":"5f7c3b2e-6a1d-4c8e-9d3f-2b1a0e9c8d7f"}
				""".formatted(ERRORS, title, status, detail));
	}

	static MockResponse json(int status, String body) {
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

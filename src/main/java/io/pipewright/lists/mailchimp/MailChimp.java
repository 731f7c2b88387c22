package io.pipewright.lists.mailchimp;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * A client of MailChimp's Marketing API v3 for list membership. Calls are synchronous:
 * the caller decides how many run at once, and this client's connection pool and
 * dispatcher are sized to match.
 */
public final class MailChimp implements AutoCloseable {

	private static final int MAX_ERROR_BODY = 64 * 1024;

	private final OkHttpClient http;

	private final MailChimpApi api;

	private final ObjectMapper json;

	/**
	 * @param apiKey sent as the password of HTTP Basic, which MailChimp accepts with any
	 * user name
	 * @param concurrency the most requests the caller runs at once
	 */
	public MailChimp(URI baseUrl, String apiKey, int concurrency, Duration connectTimeout, Duration readTimeout) {
		Dispatcher dispatcher = new Dispatcher();
		dispatcher.setMaxRequests(concurrency);
		// MailChimp allows a limited number of connections per key, all to one host
		dispatcher.setMaxRequestsPerHost(concurrency);
		String authorization = Credentials.basic("pipewright", apiKey, StandardCharsets.UTF_8);
		this.http = new OkHttpClient.Builder().dispatcher(dispatcher)
			.connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
			.connectTimeout(connectTimeout)
			.readTimeout(readTimeout)
			.writeTimeout(readTimeout)
			// bounds a whole call, so a caller's claim on the work outlives it
			.callTimeout(connectTimeout.plus(readTimeout))
			.addInterceptor(
					chain -> chain.proceed(chain.request().newBuilder().header("Authorization", authorization).build()))
			.build();
		this.json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
		this.api = new Retrofit.Builder().baseUrl(baseUrl.toString())
			.client(http)
			.addConverterFactory(JacksonConverterFactory.create(json))
			.build()
			.create(MailChimpApi.class);
	}

	/** Adds the person to the audience, or updates them there, with the wanted status. */
	public Reply addOrUpdate(String listId, Subscription subscription) {
		String status = status(subscription);
		return send(api.addOrUpdateMember(listId, subscriberHash(subscription.email()),
				new Member(subscription.email(), status, status, mergeFields(subscription))), body -> {
				});
	}

	/**
	 * Adds or updates up to 500 people on the audience in one call, each with the wanted
	 * status and tags. MailChimp may refuse single members and take the rest: see
	 * {@link BatchReply#refused()}.
	 */
	public BatchReply subscribeAll(String listId, List<Subscription> subscriptions) {
		List<BatchBody.BatchMember> members = subscriptions.stream()
			.map(s -> new BatchBody.BatchMember(s.email(), status(s), status(s), mergeFields(s), s.tags()))
			.toList();
		Map<String, BatchReply.Refusal> refused = new LinkedHashMap<>();
		Reply call = send(api.batchSubscribe(listId, new BatchBody(members, true)), answer -> {
			if (answer != null && answer.errors() != null) {
				for (BatchAnswer.Error error : answer.errors()) {
					refused.put(BatchReply.key(error.emailAddress()),
							new BatchReply.Refusal(error.emailAddress(), error.error(), error.errorCode()));
				}
			}
		});
		return new BatchReply(call, Map.copyOf(refused));
	}

	private static String status(Subscription subscription) {
		return subscription.subscribed() ? "subscribed" : "unsubscribed";
	}

	private static Map<String, String> mergeFields(Subscription subscription) {
		Map<String, String> mergeFields = new LinkedHashMap<>();
		String name = subscription.name() == null ? "" : subscription.name().strip();
		int space = name.indexOf(' ');
		mergeFields.put("FNAME", space < 0 ? name : name.substring(0, space));
		mergeFields.put("LNAME", space < 0 ? "" : name.substring(space + 1).strip());
		mergeFields.put("COMPANY", subscription.company() == null ? "" : subscription.company());
		return mergeFields;
	}

	/** Puts the tags on the person; tags they already have stay. */
	public Reply tag(String listId, String email, List<String> tags) {
		return send(api.updateTags(listId, subscriberHash(email),
				new Tags(tags.stream().map(tag -> new Tags.Tag(tag, "active")).toList())), body -> {
				});
	}

	/**
	 * Deletes the person with this subscriber hash from the audience for good: MailChimp
	 * keeps nothing of them, and only they can subscribe again. A person the audience
	 * does not hold (404: never there, or deleted before) counts as deleted.
	 */
	public Reply deletePermanently(String listId, String subscriberHash) {
		return send(api.deletePermanently(listId, subscriberHash), body -> {
		}, 404);
	}

	/** MailChimp's id of a person on an audience: the MD5 of the lower-cased email. */
	public static String subscriberHash(String email) {
		try {
			MessageDigest md5 = MessageDigest.getInstance("MD5");
			return HexFormat.of()
				.formatHex(md5.digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has MD5", ex);
		}
	}

	/**
	 * @param alsoDone error statuses that mean what was asked already holds
	 */
	private <T> Reply send(Call<T> call, Consumer<T> accepted, int... alsoDone) {
		Response<T> response;
		try {
			response = call.execute();
		}
		catch (IOException ex) {
			// timeouts, refused and dropped connections: nothing says the next try fails
			// too
			return new Reply(Reply.Verdict.TRY_LATER, "No answer from MailChimp",
					ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()),
					Duration.ZERO);
		}
		if (response.isSuccessful()) {
			accepted.accept(response.body());
			return Reply.ACCEPTED;
		}
		int code = response.code();
		Problem problem = problem(response);
		if (IntStream.of(alsoDone).anyMatch(done -> done == code)) {
			return Reply.ACCEPTED;
		}
		String title = problem.title() != null ? problem.title() : "HTTP " + code;
		boolean worthRetrying = code == 408 || code == 429 || code >= 500;
		return new Reply(worthRetrying ? Reply.Verdict.TRY_LATER : Reply.Verdict.REFUSED, title, problem.detail(),
				retryAfter(response.headers().get("Retry-After")));
	}

	private Problem problem(Response<?> response) {
		try (ResponseBody body = response.errorBody()) {
			if (body == null) {
				return new Problem(null, null, response.code(), null, null);
			}
			BufferedSource source = body.source();
			source.request(MAX_ERROR_BODY);
			byte[] bytes = source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), MAX_ERROR_BODY));
			try {
				return json.readValue(bytes, Problem.class);
			}
			catch (IOException notJson) {
				// a proxy's HTML page, say: keep a little of it for whoever looks at the
				// failure
				String text = new String(bytes, StandardCharsets.UTF_8).strip();
				return new Problem(null, null, response.code(), text.length() > 300 ? text.substring(0, 300) : text,
						null);
			}
		}
		catch (IOException | IllegalStateException ex) {
			return new Problem(null, null, response.code(), null, null);
		}
	}

	private static Duration retryAfter(String header) {
		if (header == null) {
			return Duration.ZERO;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
		}
		catch (NumberFormatException httpDate) {
			return Duration.ZERO;
		}
	}

	@Override
	public void close() {
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
	}

}

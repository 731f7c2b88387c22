package io.pipewright.cues;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Sends a delivery of channel {@code webhook} ({@code target}: the webhook's id) as a
 * signed POST. The body is the stored payload with the delivery's id first; the
 * {@code Pipewright-Signature} header is {@code sha256=} and the hex HMAC-SHA256 of the
 * exact body bytes under the webhook's secret. 2xx: sent. 408, 429, 5xx and a broken
 * connection: retried, no sooner than a Retry-After asks. Any other answer (a redirect
 * too: none is followed) fails, as does a webhook deleted meanwhile.
 */
@Component
@EnableConfigurationProperties(WebhooksProperties.class)
class WebhookChannel implements Channel, DisposableBean {

	static final String NAME = "webhook";

	static final String EVENT_HEADER = "Pipewright-Event";

	static final String DELIVERY_HEADER = "Pipewright-Delivery";

	static final String SIGNATURE_HEADER = "Pipewright-Signature";

	private static final MediaType JSON_TYPE = MediaType.get("application/json");

	private static final int MAX_ERROR_BODY = 300;

	private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

	private final Webhooks webhooks;

	private final ObjectMapper json;

	private final Duration call;

	private final WebhooksProperties properties;

	private final WebhookTargets targets;

	/**
	 * Built at the first delivery, not at start-up: its TLS set-up (the platform's trust
	 * store) is a good part of a second of a start on a busy machine.
	 */
	private volatile OkHttpClient http;

	WebhookChannel(Webhooks webhooks, ObjectMapper json, WebhookTargets targets, WebhooksProperties properties,
			CuesProperties cues) {
		this.webhooks = webhooks;
		this.json = json;
		Duration call = properties.connectTimeout().plus(properties.readTimeout()).plusSeconds(5);
		if (cues.claimTtl().compareTo(call) <= 0) {
			throw new IllegalArgumentException("pipewright.cues.claim-ttl (" + cues.claimTtl()
					+ ") must be longer than a webhook call may take: pipewright.webhooks.connect-timeout plus"
					+ " read-timeout plus 5 s (" + call + ")");
		}
		this.call = call;
		this.properties = properties;
		this.targets = targets;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Outcome deliver(Delivery delivery) {
		Optional<Webhooks.Webhook> found = parseId(delivery.target()).flatMap(webhooks::find);
		if (found.isEmpty()) {
			return Outcome.refused("webhook deleted");
		}
		Webhooks.Webhook webhook = found.get();
		byte[] body = body(delivery);
		Request request = new Request.Builder().url(webhook.url())
			.header("User-Agent", "Pipewright-Webhooks")
			.header(EVENT_HEADER, delivery.kind())
			.header(DELIVERY_HEADER, Long.toString(delivery.id()))
			.header(SIGNATURE_HEADER, "sha256=" + sign(webhook.secret(), body))
			.post(RequestBody.create(body, JSON_TYPE))
			.build();
		try (Response response = http().newCall(request).execute()) {
			int status = response.code();
			if (status >= 200 && status < 300) {
				return Outcome.SENT.withStatus(status);
			}
			String error = "HTTP " + status + answered(response);
			if (status == 408 || status == 429 || status >= 500) {
				return Outcome.retry(error).withStatus(status).after(retryAfter(response.header("Retry-After")));
			}
			if (status >= 300 && status < 400) {
				return Outcome
					.refused(error + " (a redirect to " + response.header("Location")
							+ "; redirects are not followed: register the final URL)")
					.withStatus(status);
			}
			return Outcome.refused(error).withStatus(status);
		}
		catch (TargetRefused ex) {
			return Outcome.refused(ex.getMessage());
		}
		catch (IOException ex) {
			return Outcome.retry("Could not reach the receiver: " + ex);
		}
	}

	/** The stored payload, with the delivery's id first. */
	private byte[] body(Delivery delivery) {
		try {
			ObjectNode body = json.createObjectNode();
			body.put("id", Long.toString(delivery.id()));
			body.setAll((ObjectNode) json.readTree(delivery.payload()));
			return json.writeValueAsBytes(body);
		}
		catch (JsonProcessingException | ClassCastException ex) {
			throw new IllegalStateException("Delivery " + delivery.id() + " holds no JSON object", ex);
		}
	}

	/** The hex HMAC-SHA256 of the body under the secret. */
	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String answered(Response response) {
		StringBuilder text = new StringBuilder();
		if (!response.message().isBlank()) {
			text.append(' ').append(response.message());
		}
		try {
			String content = response.peekBody(MAX_ERROR_BODY).string().strip();
			if (!content.isEmpty()) {
				text.append(": ").append(content);
			}
		}
		catch (IOException | RuntimeException ex) {
			// the status says enough
		}
		return text.toString();
	}

	/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
	static Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			// a day at most: a receiver's typo must not park a delivery for years
			return Duration
				.ofSeconds(Math.min(MAX_RETRY_AFTER.toSeconds(), Math.max(0, Long.parseLong(header.strip()))));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), at);
				return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
	}

	private static Optional<Long> parseId(String target) {
		try {
			return target == null ? Optional.empty() : Optional.of(Long.parseLong(target));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private OkHttpClient http() {
		OkHttpClient client = http;
		if (client == null) {
			synchronized (this) {
				if (http == null) {
					http = build();
				}
				client = http;
			}
		}
		return client;
	}

	private OkHttpClient build() {
		return new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.writeTimeout(properties.readTimeout())
			.callTimeout(call)
			// a redirect could lead anywhere, this server included
			.followRedirects(false)
			.followSslRedirects(false)
			.retryOnConnectionFailure(false)
			// judged on the address connected to, whatever the name resolved to
			.addNetworkInterceptor(chain -> {
				InetSocketAddress address = chain.connection() == null ? null
						: chain.connection().route().socketAddress();
				Optional<String> refusal = address == null ? Optional.empty() : targets.refusal(address);
				if (refusal.isPresent()) {
					throw new TargetRefused("The URL " + refusal.get());
				}
				return chain.proceed(chain.request());
			})
			.build();
	}

	@Override
	public void destroy() {
		OkHttpClient client = http;
		if (client != null) {
			client.dispatcher().executorService().shutdown();
			client.connectionPool().evictAll();
		}
	}

	/** The address connected to is one a webhook must not reach. */
	static class TargetRefused extends IOException {

		TargetRefused(String message) {
			super(message);
		}

	}

}

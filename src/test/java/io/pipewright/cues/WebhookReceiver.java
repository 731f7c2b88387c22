package io.pipewright.cues;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipewright.TestPorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A team's webhook receiver: a real HTTP server on localhost that records every request
 * it is sent and answers as the test says (200 by default). It can go away and come back
 * on the same port, as a receiver does in an outage.
 */
public class WebhookReceiver extends Dispatcher {

	/** One request as the receiver saw it: the exact body bytes and the headers. */
	public record Received(String path, String event, String delivery, String signature, String contentType,
			byte[] body, int answered) {

		public JsonNode json() {
			try {
				return JSON.readTree(body);
			}
			catch (IOException ex) {
				throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), ex);
			}
		}

		/** Whether the signature is the HMAC-SHA256 of the body under this secret. */
		public boolean signedWith(String secret) {
			return ("sha256=" + hmac(secret, body)).equals(signature);
		}

	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Function<Received, MockResponse> answer = request -> new MockResponse.Builder().code(200).build();

	private MockWebServer server;

	/** Fixed, so the receiver comes back where it was; see {@link TestPorts}. */
	private final int port = TestPorts.restartable();

	public void start() throws IOException {
		server = new MockWebServer();
		server.setDispatcher(this);
		server.start(InetAddress.getByName("127.0.0.1"), port);
	}

	/** Stops answering: connections are refused until {@link #start()}. */
	public void stop() {
		server.close();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	public void answer(Function<Received, MockResponse> answer) {
		this.answer = answer;
	}

	public void answer(int status) {
		answer(request -> new MockResponse.Builder().code(status).build());
	}

	public List<Received> received() {
		return List.copyOf(received);
	}

	public List<Received> received(String path) {
		return received.stream().filter(r -> r.path().equals(path)).toList();
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
		Received one = new Received(request.getUrl().encodedPath(), request.getHeaders().get("Pipewright-Event"),
				request.getHeaders().get("Pipewright-Delivery"), request.getHeaders().get("Pipewright-Signature"),
				request.getHeaders().get("Content-Type"), body, 0);
		MockResponse response = answer.apply(one);
		received.add(new Received(one.path(), one.event(), one.delivery(), one.signature(), one.contentType(), body,
				response.getCode()));
		return response;
	}

	static String hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

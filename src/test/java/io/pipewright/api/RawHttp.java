package io.pipewright.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 spoken over a plain socket, so a test can send what no well-behaved client
 * would: raw bytes in the request target, a broken percent-escape, a chunked body of any
 * size, a content type with a bogus charset. One connection per request, closed after the
 * answer.
 */
final class RawHttp {

	private final int port;

	private final String authorization;

	RawHttp(int port, String user, String password) {
		this.port = port;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A request as it goes on the wire.
	 *
	 * @param target the request target, written as UTF-8 bytes without any escaping
	 * @param contentType {@code null}: no Content-Type header
	 * @param body {@code null}: no body at all
	 * @param chunked whether the body goes chunked rather than with a Content-Length
	 */
	record Request(String method, String target, String contentType, byte[] body, boolean chunked) {

		@Override
		public String toString() {
			String shown = target.length() > 300 ? target.substring(0, 300) + "...(" + target.length() + " chars)"
					: target;
			String content = body == null ? "no body"
					: body.length > 600
							? new String(body, 0, 600, StandardCharsets.UTF_8) + "...(" + body.length + " bytes)"
							: new String(body, StandardCharsets.UTF_8);
			return method + " " + shown + " [" + contentType + (chunked ? ", chunked" : "") + "] " + content;
		}

	}

	record Response(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	Response send(Request request) {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder();
			head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(port).append("\r\n");
			head.append("Authorization: ").append(authorization).append("\r\n");
			head.append("Accept: application/json, application/problem+json\r\n");
			head.append("Connection: close\r\n");
			if (request.contentType() != null) {
				head.append("Content-Type: ").append(request.contentType()).append("\r\n");
			}
			if (request.body() != null) {
				head.append(
						request.chunked() ? "Transfer-Encoding: chunked" : "Content-Length: " + request.body().length)
					.append("\r\n");
			}
			head.append("\r\n");
			try {
				out.write(head.toString().getBytes(StandardCharsets.UTF_8));
				if (request.body() != null) {
					writeBody(out, request);
				}
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before it has read everything: read
				// what it said
			}
			return parse(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no answer to " + request, ex);
		}
	}

	private static void writeBody(OutputStream out, Request request) throws IOException {
		byte[] body = request.body();
		if (!request.chunked()) {
			out.write(body);
			return;
		}
		for (int at = 0; at < body.length; at += 8192) {
			int length = Math.min(8192, body.length - at);
			out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, at, length);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
	}

	private static Response parse(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		String text = new String(all, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IOException("not an HTTP response: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new TreeMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOfCrLf(chunked, at);
			String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
			int length = Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, length);
			at = lineEnd + 2 + length + 2;
		}
		return body.toByteArray();
	}

	private static int indexOfCrLf(byte[] bytes, int from) {
		for (int i = from; i < bytes.length - 1; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		throw new IllegalStateException("a chunk size line without its end");
	}

}

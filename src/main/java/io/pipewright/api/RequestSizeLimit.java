package io.pipewright.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body under {@code /api} larger than
 * {@code pipewright.api.max-request-size} before anything else runs, login included: at
 * once when its Content-Length says so, and the moment the limit is passed while reading
 * one sent in chunks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSizeLimit extends OncePerRequestFilter {

	private final ApiProperties properties;

	private final ObjectMapper json;

	RequestSizeLimit(ApiProperties properties, ObjectMapper json) {
		this.properties = properties;
		this.json = json;
	}

	static ProblemDetail problem(String limit) {
		return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", "Request too large",
				"The request body is larger than the " + limit
						+ " this API accepts (pipewright.api.max-request-size); nothing was changed");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// the decoded path, as Spring MVC matches it: /%61pi/leads is /api/leads too
		String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
		return !(path.equals("/api") || path.startsWith("/api/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long max = properties.maxRequestSize().toBytes();
		if (request.getContentLengthLong() > max) {
			response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			// the unread body is not worth keeping the connection for
			response.setHeader("Connection", "close");
			json.writeValue(response.getOutputStream(), problem(properties.maxRequestSizeText()));
			return;
		}
		chain.doFilter(new Limited(request, max, properties.maxRequestSizeText()), response);
	}

	/** The request, its body cut off with {@link RequestTooLarge} past the limit. */
	private static final class Limited extends HttpServletRequestWrapper {

		private final long max;

		private final String limit;

		private ServletInputStream body;

		private BufferedReader reader;

		Limited(HttpServletRequest request, long max, String limit) {
			super(request);
			this.max = max;
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (body == null) {
				body = new Counting(super.getInputStream(), max, limit);
			}
			return body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (reader == null) {
				reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
			}
			return reader;
		}

		private Charset charset() throws UnsupportedEncodingException {
			String encoding = getCharacterEncoding();
			try {
				return encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
			}
			catch (IllegalArgumentException ex) {
				// as the container says it: a checked exception, a bad request
				throw new UnsupportedEncodingException(encoding);
			}
		}

	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long max;

		private final String limit;

		private long read;

		Counting(ServletInputStream in, long max, String limit) {
			this.in = in;
			this.max = max;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestTooLarge {
			read += n;
			if (read > max) {
				throw new RequestTooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}

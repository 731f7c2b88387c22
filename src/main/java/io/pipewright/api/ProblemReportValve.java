package io.pipewright.api;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * What Tomcat answers itself, before the request reaches Spring (a request line or
 * headers too large, bytes a URL may not hold, a broken percent-escape): a problem
 * instead of Tomcat's HTML error page. Tomcat's host creates it by class name, in place
 * of its own {@link ErrorReportValve}.
 */
public class ProblemReportValve extends ErrorReportValve {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// as Tomcat's own: only an error nothing has been written for, reported once
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = known == null ? "Error " + status : known.getReasonPhrase();
		String message = response.getMessage();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", Problems.BASE + "request-refused");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail",
				status >= 500 ? "The server failed to carry out the request"
						: "The server refused the request before reading it"
								+ (message == null || message.isBlank() ? "" : ": " + Problems.shorten(message)));
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("utf-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone: there is no one to tell
		}
	}

}

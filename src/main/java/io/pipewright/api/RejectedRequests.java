package io.pipewright.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * A request Spring Security's firewall refuses before any filter chain runs (an encoded
 * slash or semicolon, a NUL, {@code //} or {@code ../} in the path) is a 400 problem that
 * says what it found. Spring Security takes the one bean of this type by itself.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

	private final ObjectMapper json;

	RejectedRequests(ObjectMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.reset();
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "request-rejected",
				"Request rejected", Problems.shorten(ex.getMessage()) + "; nothing was changed"));
	}

}

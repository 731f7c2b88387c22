package io.pipewright.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database outage met before any controller runs (checking a login's password, say) is
 * a 503 problem too, not a 500 error page: the caller retries, nothing was written.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	private final ObjectMapper json;

	DatabaseOutageFilter(ObjectMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!DatabaseOutage.causes(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("The database is unavailable; answered 503 to {} {}: {}", request.getMethod(),
					request.getRequestURI(), ex.toString());
			response.reset();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), DatabaseOutage.problem());
		}
	}

}

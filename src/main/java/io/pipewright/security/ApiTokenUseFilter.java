package io.pipewright.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records each request an API token authenticated (its lastUsedAt, and the hourly
 * token.used audit entry naming the call), whether or not its scopes then allow it.
 */
class ApiTokenUseFilter extends OncePerRequestFilter {

	private final ApiTokenService tokens;

	ApiTokenUseFilter(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof BearerTokenAuthentication bearer
				&& bearer.getPrincipal() instanceof ApiTokenIntrospector.ApiTokenPrincipal principal) {
			tokens.used(principal.token(), request.getMethod() + " " + request.getRequestURI());
		}
		chain.doFilter(request, response);
	}

}

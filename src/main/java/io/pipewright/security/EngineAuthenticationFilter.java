package io.pipewright.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the engine who is calling for the length of an API or page request, so Camunda's
 * history and user operation log name the person, as they do for Tasklist; and that
 * Pipewright checks this request's access itself (see {@link ApiEngineAccess}).
 */
class EngineAuthenticationFilter extends OncePerRequestFilter {

	private final IdentityService identity;

	EngineAuthenticationFilter(IdentityService identity) {
		this.identity = identity;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		List<String> groups = user.getAuthorities()
			.stream()
			.map(a -> a.getAuthority())
			.filter(a -> a.startsWith("GROUP_"))
			.map(a -> a.substring("GROUP_".length()))
			.toList();
		identity.setAuthentication(user.getName(), groups);
		ApiEngineAccess.enter();
		try {
			chain.doFilter(request, response);
		}
		finally {
			ApiEngineAccess.exit();
			identity.clearAuthentication();
		}
	}

}

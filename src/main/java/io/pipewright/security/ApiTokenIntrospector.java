package io.pipewright.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security's resource server asks this about every {@code Authorization: Bearer}
 * on the API: the token is looked up in Pipewright's own table rather than at an
 * authorization server, so a revoked token is refused on its next request, on every node.
 * The principal is named {@code token:<name>}; each scope is an authority
 * {@code SCOPE_<scope>}.
 */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

	private final ApiTokenService tokens;

	ApiTokenIntrospector(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String bearer) {
		ApiToken token = tokens.authenticate(bearer, call())
			.orElseThrow(() -> new BadOpaqueTokenException("The token is unknown, revoked or malformed"));
		List<GrantedAuthority> authorities = token.scopes()
			.stream()
			.<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(ApiTokenScopes.authority(scope)))
			.toList();
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("sub", token.actor());
		attributes.put("token_id", token.id());
		attributes.put("scope", token.scopes());
		return new OAuth2IntrospectionAuthenticatedPrincipal(token.actor(), attributes, authorities);
	}

	/** The request being authenticated, e.g. {@code POST /api/leads}, for the audit. */
	private static String call() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getMethod() + " " + request.getRequestURI();
		}
		return null;
	}

}

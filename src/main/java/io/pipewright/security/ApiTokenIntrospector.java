package io.pipewright.security;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

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
		ApiToken token = tokens.authenticate(bearer)
			.orElseThrow(() -> new BadOpaqueTokenException("The token is unknown, revoked or malformed"));
		List<GrantedAuthority> authorities = token.scopes()
			.stream()
			.<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(ApiTokenScopes.authority(scope)))
			.toList();
		return new ApiTokenPrincipal(token, authorities);
	}

	/** The authenticated token, as {@link ApiTokenUseFilter} reads it back. */
	record ApiTokenPrincipal(ApiToken token,
			List<GrantedAuthority> authorities) implements OAuth2AuthenticatedPrincipal {

		@Override
		public Map<String, Object> getAttributes() {
			return Map.of("sub", token.actor(), "token_id", token.id(), "scope", token.scopes());
		}

		@Override
		public List<GrantedAuthority> getAuthorities() {
			return authorities;
		}

		@Override
		public String getName() {
			return token.actor();
		}

	}

}

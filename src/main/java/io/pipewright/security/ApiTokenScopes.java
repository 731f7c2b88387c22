package io.pipewright.security;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * What an API token may do. Each scope becomes the authority {@code SCOPE_<scope>}; a
 * token reaches only the calls its scopes name, while people (HTTP Basic) keep the access
 * their login gives them.
 */
final class ApiTokenScopes {

	static final String LEADS_CREATE = "leads:create";

	static final String FACTS_REPORT = "facts:report";

	static final String LEADS_READ = "leads:read";

	static final String LEADS_CLOSE = "leads:close";

	/** Every scope there is, in the order the API lists them. */
	static final List<String> ALL = List.of(LEADS_CREATE, FACTS_REPORT, LEADS_READ, LEADS_CLOSE);

	private static final AuthenticationTrustResolverImpl trust = new AuthenticationTrustResolverImpl();

	private ApiTokenScopes() {
	}

	static String authority(String scope) {
		return "SCOPE_" + scope;
	}

	/** Any logged-in person, or a token with this scope. */
	static AuthorizationManager<RequestAuthorizationContext> personOrScope(String scope) {
		String authority = authority(scope);
		return (authentication, context) -> decide(authentication.get(),
				token -> token.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority())));
	}

	/** Any logged-in person; no token, whatever its scopes. */
	static AuthorizationManager<RequestAuthorizationContext> personOnly() {
		return (authentication, context) -> decide(authentication.get(), token -> false);
	}

	private static AuthorizationDecision decide(Authentication authentication,
			Predicate<BearerTokenAuthentication> tokenAllowed) {
		if (!trust.isAuthenticated(authentication)) {
			return new AuthorizationDecision(false);
		}
		return new AuthorizationDecision(
				!(authentication instanceof BearerTokenAuthentication token) || tokenAllowed.test(token));
	}

}

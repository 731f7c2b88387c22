package io.pipewright.security;

import io.pipewright.api.Problems;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call what. The API (and Actuator) take HTTP Basic with the engine's users and
 * integration tokens; each call is open to the roles (and token scopes) listed below, and
 * the features then check the lead itself (a rep's own, a manager's teams'). Anything
 * under {@code /api} not listed is the admins' only, so a new endpoint is closed to
 * everyone else until it is given its roles. Pipewright's pages take a login form against
 * the same users; the webapps and engine-rest are guarded by Camunda's own filters and
 * authorizations.
 */
@Configuration
class SecurityConfiguration {

	private static final String ADMIN = "ADMIN";

	private static final String MANAGER = "MANAGER";

	private static final String REP = "REP";

	private static final String MARKETING = "MARKETING";

	/**
	 * A person with one of the roles, or an integration token: not a user without a role.
	 */
	private static final AuthorizationManager<RequestAuthorizationContext> ANY_ROLE_OR_TOKEN = (authentication,
			context) -> new AuthorizationDecision(holdsRoleOrScope(authentication.get()));

	private static boolean holdsRoleOrScope(Authentication authentication) {
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			return false;
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(
					a -> a.startsWith("SCOPE_") || Arrays.stream(Role.values()).anyMatch(r -> r.authority().equals(a)));
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, EngineUserAuthentication users, IdentityService identity,
			ObjectMapper json, ApiTokenIntrospector tokens, ApiTokenService tokenUse) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			if (ex instanceof LoginLocked locked) {
				long seconds = Math.max(1, locked.retryAfter().toSeconds());
				response.setHeader("Retry-After", Long.toString(seconds));
				write(json, response,
						Problems.of(HttpStatus.TOO_MANY_REQUESTS, "login-throttled", "Too many failed logins",
								"Too many wrong passwords for this user: try again in " + seconds
										+ " s (an admin can unlock the user in Camunda Admin)"));
				return;
			}
			if (ex instanceof OAuth2AuthenticationException) {
				response.setHeader("WWW-Authenticate", "Bearer realm=\"Pipewright\", error=\"invalid_token\"");
				write(json, response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid token",
						"The bearer token is unknown, revoked or malformed; an admin creates tokens at /api/tokens"));
				return;
			}
			// without credentials, either way of logging in will do
			response.setHeader("WWW-Authenticate", "Basic realm=\"Pipewright\"");
			response.addHeader("WWW-Authenticate", "Bearer realm=\"Pipewright\"");
			write(json, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Login required",
					"Send the user and password of a Pipewright (Camunda) user with HTTP Basic, or an API token as Authorization: Bearer"));
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> write(json, response, Problems.of(
				HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
				"Your role (or token's scopes) does not allow " + request.getMethod() + " " + request.getRequestURI()));
		return http
			.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator",
					"/actuator/**")
			.authorizeHttpRequests(auth -> auth
				// load balancers and Kubernetes probe health without credentials; they
				// get
				// the status only, an admin the details (show-details: when-authorized)
				.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
				.access(rolesOrScope(ApiTokenScopes.METRICS_READ, ADMIN))
				.requestMatchers("/actuator", "/actuator/**")
				.hasRole(ADMIN)
				.requestMatchers("/api/tokens", "/api/tokens/**", "/api/audit", "/api/audit/**")
				.hasRole(ADMIN)
				// webhooks carry a signing secret and reach other servers; the outbox
				// shows them
				.requestMatchers("/api/webhooks", "/api/webhooks/**", "/api/deliveries", "/api/deliveries/**")
				.hasRole(ADMIN)
				.requestMatchers(HttpMethod.POST, "/api/pipelines/*/migrate")
				.hasRole(ADMIN)
				.requestMatchers(HttpMethod.GET, "/api/pipelines", "/api/pipelines/*")
				.access(ANY_ROLE_OR_TOKEN)
				.requestMatchers(HttpMethod.POST, "/api/insight/forecast/snapshots")
				.hasRole(ADMIN)
				.requestMatchers("/api/insight/**")
				.hasAnyRole(ADMIN, MANAGER)
				.requestMatchers(HttpMethod.GET, "/api/lists", "/api/lists/**")
				.hasAnyRole(ADMIN, MARKETING)
				.requestMatchers(HttpMethod.POST, "/api/lists/changes/*/retry")
				.hasAnyRole(ADMIN, MARKETING)
				// a token reaches only what its scopes name
				.requestMatchers(HttpMethod.POST, "/api/leads")
				.access(rolesOrScope(ApiTokenScopes.LEADS_CREATE, ADMIN, MANAGER, REP))
				.requestMatchers(HttpMethod.POST, "/api/leads/*/facts")
				.access(rolesOrScope(ApiTokenScopes.FACTS_REPORT, ADMIN, MANAGER, REP))
				.requestMatchers(HttpMethod.POST, "/api/leads/*/won", "/api/leads/*/lost")
				.access(rolesOrScope(ApiTokenScopes.LEADS_CLOSE, ADMIN, MANAGER, REP))
				.requestMatchers(HttpMethod.PATCH, "/api/leads/*")
				.hasAnyRole(ADMIN, MANAGER, REP)
				.requestMatchers(HttpMethod.DELETE, "/api/leads/*")
				.hasRole(ADMIN)
				.requestMatchers(HttpMethod.GET, "/api/leads", "/api/leads/*", "/api/leads/*/timeline")
				.access(rolesOrScope(ApiTokenScopes.LEADS_READ, ADMIN, MANAGER, REP, MARKETING))
				// a person's own email choices; a token is nobody's
				.requestMatchers("/api/me/notifications", "/api/notifications/placeholders")
				.hasAnyRole(ADMIN, MANAGER, REP, MARKETING)
				.requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
				.access(ANY_ROLE_OR_TOKEN)
				// not listed: an admin's (who gets the true 404 or 405), closed to the
				// rest
				// until it is given its roles
				.anyRequest()
				.hasRole(ADMIN))
			// its own manager, for passwords and tokens, without Spring Boot's global one
			// as a parent: that would check a wrong password a second time and count it
			// twice against the engine's throttle
			.authenticationManager(new ProviderManager(users, new OpaqueTokenAuthenticationProvider(tokens)))
			.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
			.oauth2ResourceServer(bearer -> bearer.opaqueToken(opaque -> opaque.introspector(tokens))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// stateless Basic auth and tokens send no cookie a forged page could ride on
			.csrf(csrf -> csrf.disable())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'none'; frame-ancestors 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'")))
			.addFilterAfter(new ApiTokenUseFilter(tokenUse), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new EngineAuthenticationFilter(identity), BasicAuthenticationFilter.class)
			.build();
	}

	private static AuthorizationManager<RequestAuthorizationContext> rolesOrScope(String scope, String... roles) {
		return AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasAnyRole(roles),
				AuthorityAuthorizationManager.hasAuthority(ApiTokenScopes.authority(scope)));
	}

	private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * Pipewright's own pages (the board, marketing's list page): a login form against the
	 * same engine users, a session, CSRF tokens on every form that changes something, and
	 * a content security policy that runs only the server's own scripts.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, EngineUserAuthentication users, IdentityService identity)
			throws Exception {
		return http
			.securityMatcher("/", "/board", "/board/**", "/leads/**", "/insight", "/lists", "/lists/**", "/login",
					"/logout", "/pages/**")
			.authorizeHttpRequests(auth -> auth.requestMatchers("/login", "/pages/**")
				.permitAll()
				// the board, and a lead's page where LeadAccess decides per lead, as for
				// the API
				.requestMatchers("/", "/board", "/board/**", "/leads/**")
				.hasAnyRole(ADMIN, MANAGER, REP, MARKETING)
				.requestMatchers("/insight")
				.hasAnyRole(ADMIN, MANAGER)
				.anyRequest()
				.hasAnyRole(ADMIN, MARKETING))
			.authenticationManager(new ProviderManager(users))
			.formLogin(form -> form.loginPage("/login")
				.defaultSuccessUrl("/")
				.failureHandler((request, response, ex) -> response
					.sendRedirect(ex instanceof LoginLocked ? "/login?locked" : "/login?error")))
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.addFilterAfter(new EngineAuthenticationFilter(identity), BasicAuthenticationFilter.class)
			.build();
	}

	/**
	 * The webapps, engine-rest and static forms authenticate with Camunda's own filters.
	 */
	@Bean
	@Order(3)
	SecurityFilterChain rest(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
			// the webapps carry their own CSRF protection; engine-rest is stateless Basic
			.csrf(csrf -> csrf.disable())
			.headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
			.build();
	}

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
		FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ProcessEngineAuthenticationFilter());
		registration.setName("engine-rest-authentication");
		registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
		registration.addUrlPatterns("/engine-rest/*");
		return registration;
	}

}

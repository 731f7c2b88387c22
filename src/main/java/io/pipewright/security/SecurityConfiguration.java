package io.pipewright.security;

import io.pipewright.api.Problems;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Everything requires login but Actuator's health. The API (and Actuator's metrics and
 * Prometheus scrape) take HTTP Basic with the engine's users, or an integration's API
 * token (Bearer, within its scopes); Pipewright's pages a login form against the same
 * users; engine-rest (the Modeler's deployments, scripts) is guarded by Camunda's own
 * filter; the webapps keep their own login page.
 */
@Configuration
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, EngineUserAuthentication users, IdentityService identity,
			ObjectMapper json, ApiTokenIntrospector tokens, ApiTokenService tokenUse) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			// a bearer token was refused; without one, either way of logging in will do
			boolean badToken = ex instanceof OAuth2AuthenticationException;
			ProblemDetail problem = badToken
					? Problems.of(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid token",
							"The bearer token is unknown, revoked or malformed; an admin creates tokens at /api/tokens")
					: Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Login required",
							"Send the user and password of a Pipewright (Camunda) user with HTTP Basic, or an API token as Authorization: Bearer");
			response.setStatus(401);
			if (badToken) {
				response.setHeader("WWW-Authenticate", "Bearer realm=\"Pipewright\", error=\"invalid_token\"");
			}
			else {
				response.setHeader("WWW-Authenticate", "Basic realm=\"Pipewright\"");
				response.addHeader("WWW-Authenticate", "Bearer realm=\"Pipewright\"");
			}
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> {
			ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
					"Your login or token does not allow " + request.getMethod() + " " + request.getRequestURI());
			response.setStatus(403);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
		};
		return http
			.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator",
					"/actuator/**")
			// load balancers and Kubernetes probe health without credentials; they get
			// the
			// status only, a logged-in caller the details (show-details:
			// when-authorized).
			// Any engine user may scrape metrics until roles restrict them to admins.
			.authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/api/tokens/**", "/api/audit/**")
				.hasAuthority("GROUP_camunda-admin")
				// a token reaches only what its scopes name; people keep their access
				.requestMatchers(HttpMethod.POST, "/api/leads")
				.access(ApiTokenScopes.personOrScope(ApiTokenScopes.LEADS_CREATE))
				.requestMatchers(HttpMethod.POST, "/api/leads/*/facts")
				.access(ApiTokenScopes.personOrScope(ApiTokenScopes.FACTS_REPORT))
				.requestMatchers(HttpMethod.POST, "/api/leads/*/won", "/api/leads/*/lost")
				.access(ApiTokenScopes.personOrScope(ApiTokenScopes.LEADS_CLOSE))
				.requestMatchers(HttpMethod.GET, "/api/leads", "/api/leads/**")
				.access(ApiTokenScopes.personOrScope(ApiTokenScopes.LEADS_READ))
				.anyRequest()
				.access(ApiTokenScopes.personOnly()))
			.authenticationProvider(users)
			.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
			.oauth2ResourceServer(bearer -> bearer.opaqueToken(opaque -> opaque.introspector(tokens))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// stateless Basic auth sends no cookie a forged page could ride on
			.csrf(csrf -> csrf.disable())
			.addFilterAfter(new ApiTokenUseFilter(tokenUse), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new EngineAuthenticationFilter(identity), BasicAuthenticationFilter.class)
			.build();
	}

	/**
	 * Pipewright's own pages (marketing's list page): a login form against the same
	 * engine users, a session, and CSRF tokens on every form that changes something.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, EngineUserAuthentication users, IdentityService identity)
			throws Exception {
		return http.securityMatcher("/lists", "/lists/**", "/login", "/logout", "/pages/**")
			.authorizeHttpRequests(
					auth -> auth.requestMatchers("/login", "/pages/**").permitAll().anyRequest().authenticated())
			.authenticationProvider(users)
			.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/lists"))
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
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

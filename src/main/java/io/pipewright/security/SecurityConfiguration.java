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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Everything requires login but Actuator's health. The API (and Actuator's metrics and
 * Prometheus scrape) take HTTP Basic with the engine's users; Pipewright's pages a login
 * form against the same users; engine-rest (the Modeler's deployments, scripts) is
 * guarded by Camunda's own filter; the webapps keep their own login page.
 */
@Configuration
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, EngineUserAuthentication users, IdentityService identity,
			ObjectMapper json) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Login required",
					"Send the user and password of a Pipewright (Camunda) user with HTTP Basic");
			response.setStatus(401);
			response.setHeader("WWW-Authenticate", "Basic realm=\"Pipewright\"");
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
				.requestMatchers(HttpMethod.DELETE, "/api/leads/**")
				.hasAuthority("GROUP_camunda-admin")
				.anyRequest()
				.authenticated())
			.authenticationProvider(users)
			.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// stateless Basic auth sends no cookie a forged page could ride on
			.csrf(csrf -> csrf.disable())
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

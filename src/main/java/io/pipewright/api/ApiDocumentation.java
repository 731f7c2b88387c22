package io.pipewright.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The description integrators read at /v3/api-docs (and try out at /swagger-ui.html). */
@Configuration
class ApiDocumentation {

	@Bean
	OpenAPI pipewrightApi() {
		return new OpenAPI().info(new Info().title("Pipewright API")
			.version("1")
			.description("Create leads, report facts, change fields and close leads; read the deployed "
					+ "pipelines and move their open leads to the newest version; follow the MailChimp list "
					+ "changes and retry failed ones; read the funnel and the activity plan; manage API tokens and read "
					+ "the audit trail (admins). Log in with HTTP Basic, or as an integration with an API token "
					+ "(Authorization: Bearer). Errors are RFC 9457 problem details.")
			.license(new License().name("Apache 2.0")))
			.components(new Components()
				.addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
			// either one: a person's login or an integration's token
			.addSecurityItem(new SecurityRequirement().addList("basic"))
			.addSecurityItem(new SecurityRequirement().addList("token"));
	}

}

package io.pipewright.routing;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultPipeline the pipeline a lead enters when it names none
 * @param defaultOwner the user who owns a lead that names no owner; empty leaves such
 * leads unassigned
 */
@ConfigurationProperties("pipewright.routing")
@Validated
record RoutingProperties(@NotBlank String defaultPipeline, String defaultOwner) {

	RoutingProperties {
		if (defaultPipeline == null) {
			defaultPipeline = "new-business";
		}
		if (defaultOwner != null && defaultOwner.isBlank()) {
			defaultOwner = null;
		}
	}

}

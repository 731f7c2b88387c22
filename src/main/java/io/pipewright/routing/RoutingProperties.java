package io.pipewright.routing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param fallbackPipeline the pipeline a lead enters when the pipeline decision is
 * missing, fails, matches no rule or names a pipeline that is not deployed
 * @param fallbackOwner the owner of a lead whose owner decision is missing, fails,
 * matches no rule or names an unknown user or a team without members; empty leaves such
 * leads unassigned
 * @param pipelineDecision the key of the DMN decision that picks a new lead's pipeline
 * @param ownerDecision the key of the DMN decision that picks a new lead's owner or team
 * @param valueTierDecision the key of the DMN decision that sorts a value into a tier
 * @param priorStrength how many closed leads a rep's own record must hold before it
 * weighs as much as the team's: a rep's win rate is (won + s × team rate) / (closed + s),
 * so a new rep starts at the team's rate
 */
@ConfigurationProperties("pipewright.routing")
@Validated
public record RoutingProperties(@NotBlank String fallbackPipeline, String fallbackOwner,
		@NotBlank String pipelineDecision, @NotBlank String ownerDecision, @NotBlank String valueTierDecision,
		@DecimalMin("0") double priorStrength) {

	public RoutingProperties {
		fallbackPipeline = orDefault(fallbackPipeline, "new-business");
		if (fallbackOwner != null && fallbackOwner.isBlank()) {
			fallbackOwner = null;
		}
		pipelineDecision = orDefault(pipelineDecision, "pipelineRouting");
		ownerDecision = orDefault(ownerDecision, "ownerRouting");
		valueTierDecision = orDefault(valueTierDecision, "valueTier");
	}

	private static String orDefault(String value, String otherwise) {
		return value == null ? otherwise : value;
	}

}

package io.pipewright.routing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/** The lead's own choice, else the configured defaults. */
@Service
@EnableConfigurationProperties(RoutingProperties.class)
class DefaultRouting implements Routing {

	private final RoutingProperties properties;

	DefaultRouting(RoutingProperties properties) {
		this.properties = properties;
	}

	@Override
	public Assignment route(LeadDraft draft) {
		String pipeline = draft.pipeline() != null ? draft.pipeline() : properties.defaultPipeline();
		if (draft.owner() != null) {
			return new Assignment(pipeline, draft.owner(), "owner given when the lead was created");
		}
		if (properties.defaultOwner() != null) {
			return new Assignment(pipeline, properties.defaultOwner(),
					"default owner (pipewright.routing.default-owner)");
		}
		return new Assignment(pipeline, null, "no owner given and no default owner configured");
	}

}

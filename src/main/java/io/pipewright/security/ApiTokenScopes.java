package io.pipewright.security;

import java.util.List;

/**
 * What an API token may do. Each scope becomes the authority {@code SCOPE_<scope>}; a
 * token reaches only the calls its scopes name (see SecurityConfiguration).
 */
final class ApiTokenScopes {

	static final String LEADS_CREATE = "leads:create";

	static final String FACTS_REPORT = "facts:report";

	static final String LEADS_READ = "leads:read";

	static final String LEADS_CLOSE = "leads:close";

	/** Prometheus' scrape (and Actuator's metrics), without a person's password. */
	static final String METRICS_READ = "metrics:read";

	/** Every scope there is, in the order the API lists them. */
	static final List<String> ALL = List.of(LEADS_CREATE, FACTS_REPORT, LEADS_READ, LEADS_CLOSE, METRICS_READ);

	private ApiTokenScopes() {
	}

	static String authority(String scope) {
		return "SCOPE_" + scope;
	}

}

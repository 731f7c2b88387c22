package io.pipewright.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.RunningServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The running server's decision tables evaluate their FEEL through Pipewright's engine,
 * which parses each entry once: a second lead routed the same way parses nothing.
 */
class FeelEnginePluginIntegrationTests extends RunningServer {

	@Autowired
	ProcessEngine engine;

	@Test
	void theRoutingTablesRunOnTheCachingFeelEngine() {
		DefaultDmnEngineConfiguration dmn = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
			.getDmnEngineConfiguration();
		assertThat(dmn.getFeelEngineFactory()).isInstanceOf(CachingFeelEngineFactory.class);
		assertThat(dmn.getFeelEngine()).isInstanceOf(CachingFeelEngine.class);
		CachingFeelEngine feel = (CachingFeelEngine) dmn.getFeelEngine();
		JsonNode first = admin().createLead(lead("Astrid Moe", "source", "Existing customer", "value", 80_000,
				"currency", "NOK", "territory", "Vestland"));
		long parsed = feel.parses();
		JsonNode second = admin().createLead(lead("Per Moe", "source", "Existing customer", "value", 80_000, "currency",
				"NOK", "territory", "Vestland"));

		// the shipped tables routed both, as they do on Camunda's own FEEL engine
		assertThat(first.at("/pipeline/key").asText()).isEqualTo("renewals");
		assertThat(first.at("/valueTier").asText()).isEqualTo("small");
		assertThat(second.at("/pipeline/key").asText()).isEqualTo("renewals");
		assertThat(parsed).isPositive();
		assertThat(feel.kept()).isPositive();
		assertThat(feel.parses()).isEqualTo(parsed);
	}

}

package io.pipewright.routing;

import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.juel.FeelEngineFactoryImpl;

/**
 * Makes the DMN engine's FEEL engine: a {@link CachingFeelEngine} where Camunda would
 * make its ScalaFeelEngine. It reads the configuration when the DMN engine is built, not
 * when it is set, as the process engine adds the custom function providers and the legacy
 * switch to the configuration only then.
 */
class CachingFeelEngineFactory implements FeelEngineFactory {

	/** Distinct texts kept of each kind: far more than the deployed tables hold. */
	static final int BOUND = 5_000;

	private final DefaultDmnEngineConfiguration configuration;

	CachingFeelEngineFactory(DefaultDmnEngineConfiguration configuration) {
		this.configuration = configuration;
	}

	@Override
	public FeelEngine createInstance() {
		if (configuration.isEnableFeelLegacyBehavior()) {
			// what Camunda makes then: the old JUEL-based FEEL, which parses once already
			return new FeelEngineFactoryImpl().createInstance();
		}
		return new CachingFeelEngine(configuration.getFeelCustomFunctionProviders(), BOUND);
	}

}

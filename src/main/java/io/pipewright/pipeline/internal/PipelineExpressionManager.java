package io.pipewright.pipeline.internal;

import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;

/**
 * Spring's expression manager, with unreported facts reading as null instead of failing.
 */
final class PipelineExpressionManager extends SpringExpressionManager {

	PipelineExpressionManager(ApplicationContext applicationContext) {
		super(applicationContext);
	}

	@Override
	protected ELResolver createElResolver() {
		CompositeELResolver resolver = new CompositeELResolver();
		resolver.add(super.createElResolver());
		resolver.add(new UnreportedFactResolver());
		return resolver;
	}

}

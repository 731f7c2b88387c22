package io.pipewright.pipeline.internal;

import java.beans.FeatureDescriptor;
import java.util.Iterator;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;

/**
 * Last in the resolver chain: a top-level name that is neither a variable nor a bean
 * reads as null while a process is evaluating, so a goal may name a fact nobody has
 * reported yet.
 */
final class UnreportedFactResolver extends ELResolver {

	@Override
	public Object getValue(ELContext context, Object base, Object property) {
		if (base == null && context.getContext(VariableScope.class) != null) {
			context.setPropertyResolved(true);
		}
		return null;
	}

	@Override
	public Class<?> getType(ELContext context, Object base, Object property) {
		return null;
	}

	@Override
	public void setValue(ELContext context, Object base, Object property, Object value) {
		// writing is left to the variable scope resolver
	}

	@Override
	public boolean isReadOnly(ELContext context, Object base, Object property) {
		return true;
	}

	@Override
	public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
		return null;
	}

	@Override
	public Class<?> getCommonPropertyType(ELContext context, Object base) {
		return base == null ? String.class : null;
	}

}

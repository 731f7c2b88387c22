package io.pipewright;

import java.util.Set;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Starts the engine only after Flyway has migrated Pipewright's tables: otherwise the
 * engine creates its tables first and Flyway refuses the schema it finds no longer empty.
 */
class EngineAfterFlyway extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(ProcessEngineConfigurationImpl.class);
	}

}

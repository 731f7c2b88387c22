package io.pipewright;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Features talk only through each other's public types (events, services, records), never
 * through a module's internals, and without cycles.
 */
class ModularityTests {

	@Test
	void modulesKeepToTheirPublicTypes() {
		ApplicationModules.of(PipewrightApplication.class).verify();
	}

}

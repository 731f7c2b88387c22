package io.pipewright;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A Pipewright node as {@link ScaleOutPostgresTests} starts it, in a JVM of its own: the
 * server itself, with its job executor locking jobs under the name given as
 * {@code --pipewright.test.node=} (the engine's default is a random UUID) and its job log
 * naming it as host, so the test can tell in {@code ACT_RU_JOB.LOCK_OWNER_} and
 * {@code ACT_HI_JOB_LOG.HOSTNAME_} which node holds and ran which job.
 */
public final class ScaleOutNode {

	static final String NODE = "pipewright.test.node";

	private ScaleOutNode() {
	}

	public static void main(String[] args) {
		String node = null;
		for (String arg : args) {
			if (arg.startsWith("--" + NODE + "=")) {
				node = arg.substring(NODE.length() + 3);
			}
		}
		if (node == null) {
			throw new IllegalArgumentException("--" + NODE + "= is required");
		}
		String name = node;
		// a singleton, not a scanned @Configuration: other tests' contexts scan this
		// package
		new SpringApplicationBuilder(PipewrightApplication.class).initializers(
				context -> context.getBeanFactory().registerSingleton("nodeName", new AbstractProcessEnginePlugin() {
					@Override
					public void postInit(ProcessEngineConfigurationImpl configuration) {
						configuration.getJobExecutor().setLockOwner(name);
						configuration.setHostname(name);
					}
				}))
			.run(args);
	}

}

package io.pipewright.security;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * The engine checks its authorizations for Tasklist, Cockpit and engine-rest, where a
 * person reaches tasks and variables by id. Pipewright's own API and pages decide who may
 * see and change which lead themselves (by role and owner), so the engine calls they make
 * for a logged-in person skip the engine's check. The person still names the operation in
 * the engine's history and user operation log.
 */
@Component
class ApiEngineAccess extends AbstractProcessEnginePlugin {

	private static final ThreadLocal<Boolean> CHECKED_BY_PIPEWRIGHT = new ThreadLocal<>();

	/** Marks this thread as serving a request whose access Pipewright has checked. */
	static void enter() {
		CHECKED_BY_PIPEWRIGHT.set(Boolean.TRUE);
	}

	static void exit() {
		CHECKED_BY_PIPEWRIGHT.remove();
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setCustomPostCommandInterceptorsTxRequired(
				with(configuration.getCustomPostCommandInterceptorsTxRequired()));
		configuration.setCustomPostCommandInterceptorsTxRequiresNew(
				with(configuration.getCustomPostCommandInterceptorsTxRequiresNew()));
	}

	private static List<CommandInterceptor> with(List<CommandInterceptor> interceptors) {
		List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
		all.add(new SkipCheckForPipewrightCalls());
		return all;
	}

	/** Runs after the command context exists, so it can turn its check off. */
	private static final class SkipCheckForPipewrightCalls extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			if (CHECKED_BY_PIPEWRIGHT.get() != null) {
				Context.getCommandContext().disableAuthorizationCheck();
			}
			return next.execute(command);
		}

	}

}

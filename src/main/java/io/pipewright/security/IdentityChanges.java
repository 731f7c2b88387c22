package io.pipewright.security;

import java.util.ArrayList;
import java.util.List;

import io.pipewright.Forget;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractWritableIdentityServiceCmd;
import org.camunda.bpm.engine.impl.cmd.CheckPassword;
import org.camunda.bpm.engine.impl.cmd.DeleteUserInfoCmd;
import org.camunda.bpm.engine.impl.cmd.SetUserInfoCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockUserCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Tells {@link RecentLogins} when users, groups, tenants or memberships change through
 * the engine on this node (Camunda Admin, engine-rest, Pipewright itself), and when a
 * password was wrong (the engine counts it, and may lock the user): before the change,
 * after it, and after its transaction ends, so no login read in between is trusted.
 */
@Component
class IdentityChanges extends AbstractProcessEnginePlugin {

	private final RecentLogins logins;

	IdentityChanges(RecentLogins logins) {
		this.logins = logins;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setCustomPreCommandInterceptorsTxRequired(
				with(configuration.getCustomPreCommandInterceptorsTxRequired(), new Watch()));
		configuration.setCustomPreCommandInterceptorsTxRequiresNew(
				with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), new Watch()));
	}

	private static List<CommandInterceptor> with(List<CommandInterceptor> interceptors, CommandInterceptor added) {
		List<CommandInterceptor> all = interceptors == null ? new ArrayList<>() : new ArrayList<>(interceptors);
		all.add(added);
		return all;
	}

	static boolean changes(Command<?> command) {
		return command instanceof AbstractWritableIdentityServiceCmd || command instanceof UnlockUserCmd
				|| command instanceof SetUserInfoCmd || command instanceof DeleteUserInfoCmd;
	}

	private final class Watch extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			boolean change = changes(command);
			if (change) {
				logins.changed();
			}
			boolean accepted = false;
			try {
				T result = next.execute(command);
				accepted = Boolean.TRUE.equals(result);
				return result;
			}
			finally {
				// a wrong password (or a check that failed) may have locked the user
				if (change || command instanceof CheckPassword && !accepted) {
					changedNow();
				}
			}
		}

		private void changedNow() {
			Forget.nowAndAtTransactionEnd(logins::changed);
		}

	}

}

package io.pipewright.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Logs API users in against the engine's users, the same accounts as Tasklist and
 * Cockpit, so an admin manages one set of people in Camunda Admin. Each engine group
 * becomes an authority {@code GROUP_<id>}, and a role group also {@code ROLE_<role>}.
 * <p>
 * Throttling is the engine's own: after a wrong password the user is locked for a growing
 * delay (and after {@code loginMaxAttempts} until an admin unlocks them), the same for
 * the API, the pages, Tasklist and engine-rest. A locked user is told when to come back
 * instead of being told the password was wrong.
 * <p>
 * A password the engine accepted is remembered for a few seconds ({@link RecentLogins}):
 * an integrator's calls ask the engine once, not three times a call.
 */
@Component
class EngineUserAuthentication implements AuthenticationProvider {

	private final IdentityService identity;

	private final RecentLogins recent;

	EngineUserAuthentication(IdentityService identity, RecentLogins recent) {
		this.identity = identity;
		this.recent = recent;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (user == null || credentials == null || user.length() > 128) {
			throw new BadCredentialsException("Wrong user or password");
		}
		// the same password a moment ago, and no user or group changed since
		List<GrantedAuthority> known = recent.get(user, credentials.toString());
		if (known != null) {
			return UsernamePasswordAuthenticationToken.authenticated(user, null, known);
		}
		long generation = recent.generation();
		// held back by earlier wrong passwords: say when to come back (the engine would
		// only say no)
		Instant lockedUntil = lockedUntil(user);
		if (lockedUntil != null) {
			throw new LoginLocked(Duration.between(Instant.now(), lockedUntil));
		}
		if (!identity.checkPassword(user, credentials.toString())) {
			throw new BadCredentialsException("Wrong user or password");
		}
		List<GrantedAuthority> authorities = authorities(identity, user);
		recent.put(user, credentials.toString(), authorities, generation);
		return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
	}

	static List<GrantedAuthority> authorities(IdentityService identity, String user) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (Group group : identity.createGroupQuery().groupMember(user).list()) {
			authorities.add(new SimpleGrantedAuthority("GROUP_" + group.getId()));
			Role.ofGroup(group.getId())
				.ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
		}
		return authorities;
	}

	private Instant lockedUntil(String user) {
		User found = identity.createUserQuery().userId(user).singleResult();
		if (found instanceof UserEntity entity && entity.getLockExpirationTime() != null
				&& entity.getLockExpirationTime().toInstant().isAfter(Instant.now())) {
			return entity.getLockExpirationTime().toInstant();
		}
		return null;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

package io.pipewright.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
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
 * becomes an authority {@code GROUP_<id>}.
 */
@Component
class EngineUserAuthentication implements AuthenticationProvider {

	private final IdentityService identity;

	EngineUserAuthentication(IdentityService identity) {
		this.identity = identity;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (user == null || credentials == null || !identity.checkPassword(user, credentials.toString())) {
			throw new BadCredentialsException("Wrong user or password");
		}
		List<GrantedAuthority> groups = identity.createGroupQuery()
			.groupMember(user)
			.list()
			.stream()
			.map(Group::getId)
			.<GrantedAuthority>map(id -> new SimpleGrantedAuthority("GROUP_" + id))
			.toList();
		return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

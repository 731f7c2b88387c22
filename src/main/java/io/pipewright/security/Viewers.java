package io.pipewright.security;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The caller of the current request, and the people a manager's teams hold. */
@Component
public class Viewers {

	static final String TOKEN_PREFIX = "token:";

	private final IdentityService identity;

	Viewers(IdentityService identity) {
		this.identity = identity;
	}

	/**
	 * The caller of the current request.
	 * @throws IllegalStateException outside an authenticated request, which the security
	 * chains never let reach a feature
	 */
	public Viewer current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			throw new IllegalStateException("No caller: the request was not authenticated");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		Set<String> teams = new HashSet<>();
		Set<String> scopes = new HashSet<>();
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			String authority = granted.getAuthority();
			if (authority.startsWith("GROUP_")) {
				String group = authority.substring("GROUP_".length());
				Role.ofGroup(group).ifPresentOrElse(roles::add, () -> teams.add(group));
			}
			else if (authority.startsWith("SCOPE_")) {
				scopes.add(authority.substring("SCOPE_".length()));
			}
		}
		String name = authentication.getName();
		return new Viewer(name, roles, teams, scopes, name.startsWith(TOKEN_PREFIX));
	}

	/**
	 * The people whose leads this viewer sees as a manager: the members of their teams,
	 * and themselves.
	 */
	public Set<String> teamMembers(Viewer viewer) {
		Set<String> members = new TreeSet<>();
		members.add(viewer.id());
		for (String team : viewer.teams()) {
			identity.createUserQuery().memberOfGroup(team).list().stream().map(User::getId).forEach(members::add);
		}
		return members;
	}

}

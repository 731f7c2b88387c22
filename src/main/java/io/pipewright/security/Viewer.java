package io.pipewright.security;

import java.util.Set;

/**
 * Who is calling, as the features need to know it to decide what they show: the person's
 * (or token's) id, roles, teams and, for an integration token, its scopes.
 *
 * @param id the user id, or {@code token:<name>} for an integration token
 * @param roles the roles held; empty for a token
 * @param teams the engine groups the person belongs to that are not role groups
 * @param scopes an integration token's scopes ({@code leads:read} ...); empty for a
 * person
 * @param token whether this is an integration token rather than a person
 */
public record Viewer(String id, Set<Role> roles, Set<String> teams, Set<String> scopes, boolean token) {

	public Viewer {
		roles = Set.copyOf(roles);
		teams = Set.copyOf(teams);
		scopes = Set.copyOf(scopes);
	}

	public boolean is(Role role) {
		return this.roles.contains(role);
	}

	public boolean isAdmin() {
		return is(Role.ADMIN);
	}

	public boolean hasScope(String scope) {
		return this.scopes.contains(scope);
	}

	/**
	 * Sees every lead with all its fields: an admin, or a token (limited by its scopes).
	 */
	public boolean seesAllLeads() {
		return isAdmin() || this.token;
	}

}

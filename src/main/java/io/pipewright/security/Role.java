package io.pipewright.security;

import java.util.Arrays;
import java.util.Optional;

import org.camunda.bpm.engine.authorization.Groups;

/**
 * What a person may do in Pipewright, given by membership of one of the engine's groups,
 * managed in Camunda Admin like the teams. A person may hold several roles; teams are all
 * their other groups.
 */
public enum Role {

	/**
	 * Deploys pipelines and decisions, manages users, teams and tokens, sees everything.
	 */
	ADMIN(Groups.CAMUNDA_ADMIN, "Administrators"),

	/** Sees and reassigns the leads of their teams, and their teams' insight. */
	MANAGER("managers", "Sales managers"),

	/** Sees and works only their own leads and tasks. */
	REP("reps", "Sales reps"),

	/** Sees the list page and leads' contact fields, nothing of values or notes. */
	MARKETING("marketing", "Marketing");

	private final String group;

	private final String groupName;

	Role(String group, String groupName) {
		this.group = group;
		this.groupName = groupName;
	}

	/** The id of the engine group whose members hold this role. */
	public String group() {
		return this.group;
	}

	String groupName() {
		return this.groupName;
	}

	/** The Spring Security authority, {@code ROLE_ADMIN} etc. */
	public String authority() {
		return "ROLE_" + name();
	}

	public static Optional<Role> ofGroup(String groupId) {
		return Arrays.stream(values()).filter(r -> r.group.equals(groupId)).findFirst();
	}

}

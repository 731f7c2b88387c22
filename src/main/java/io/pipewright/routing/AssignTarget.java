package io.pipewright.routing;

/**
 * What an "assign lead" task names: at most one of a user, a team or a decision key.
 */
public record AssignTarget(String owner, String team, String decision) {

	public static final AssignTarget RULES = new AssignTarget(null, null, null);

}

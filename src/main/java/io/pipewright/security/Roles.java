package io.pipewright.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the role groups on start, and grants them what Tasklist needs with the engine's
 * authorizations on; the admins get every permission. Everything else in the webapps is
 * the admin's. A rep's own tasks need no grant: the engine authorizes a task's assignee
 * and candidates as it assigns them. Idempotent, so an admin's later changes in Camunda
 * Admin stay.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class Roles implements ApplicationRunner {

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	Roles(IdentityService identity, AuthorizationService authorizations) {
		this.identity = identity;
		this.authorizations = authorizations;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Role role : Role.values()) {
			if (identity.createGroupQuery().groupId(role.group()).count() == 0) {
				Group group = identity.newGroup(role.group());
				group.setName(role.groupName());
				group.setType(Groups.GROUP_TYPE_SYSTEM);
				identity.saveGroup(group);
			}
		}
		// the admins' group holds every permission on everything, as Camunda's own setup
		// grants it
		for (Resource resource : Resources.values()) {
			grant(Role.ADMIN, resource, Authorization.ANY, Permissions.ALL);
		}
		for (Role role : new Role[] { Role.MANAGER, Role.REP }) {
			// Tasklist itself, its filters, and the pipelines' names shown on each task;
			// not READ_TASK, which would show every task of a pipeline
			grant(role, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
			grant(role, Resources.FILTER, Authorization.ANY, Permissions.READ);
			grant(role, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ);
		}
	}

	private void grant(Role role, Resource resource, String resourceId, Permission permission) {
		boolean granted = authorizations.createAuthorizationQuery()
			.authorizationType(Authorization.AUTH_TYPE_GRANT)
			.groupIdIn(role.group())
			.resourceType(resource)
			.resourceId(resourceId)
			.hasPermission(permission)
			.count() > 0;
		if (!granted) {
			Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
			authorization.setGroupId(role.group());
			authorization.setResource(resource);
			authorization.setResourceId(resourceId);
			authorization.addPermission(permission);
			authorizations.saveAuthorization(authorization);
		}
	}

}

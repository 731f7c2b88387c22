package io.pipewright.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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

	/** Set once the open tasks from before authorizations were on have their grants. */
	static final String TASKS_AUTHORIZED = "pipewright.tasks-authorized";

	/**
	 * The start-up's checks and writes in one transaction, not a commit each (dozens on a
	 * first start): all of it or none of it.
	 */
	private final TransactionTemplate transaction;

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	private final TaskService tasks;

	private final ManagementService management;

	private final ProcessEngineConfiguration engine;

	Roles(IdentityService identity, AuthorizationService authorizations, TaskService tasks,
			ManagementService management, ProcessEngineConfiguration engine, TransactionTemplate transaction) {
		this.transaction = transaction;
		this.engine = engine;
		this.identity = identity;
		this.authorizations = authorizations;
		this.tasks = tasks;
		this.management = management;
	}

	@Override
	public void run(ApplicationArguments args) {
		transaction.executeWithoutResult(status -> setUp());
	}

	private void setUp() {
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
		if (!engine.isAuthorizationEnabled()) {
			// tasks created from now on get no grants: catch up when authorizations
			// return
			management.deleteProperty(TASKS_AUTHORIZED);
		}
		else if (!management.getProperties().containsKey(TASKS_AUTHORIZED)) {
			authorizeOpenTasks();
			management.setProperty(TASKS_AUTHORIZED, "true");
		}
	}

	/**
	 * Tasks created while authorizations were off have no grants, so their assignees
	 * would no longer see them in Tasklist: grant them as the engine grants new ones.
	 */
	private void authorizeOpenTasks() {
		for (Task task : tasks.createTaskQuery().list()) {
			if (task.getAssignee() != null) {
				grantTask(task.getId(), task.getAssignee(), null);
			}
			for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
				if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
					grantTask(task.getId(), link.getUserId(), link.getGroupId());
				}
			}
		}
	}

	private void grantTask(String taskId, String userId, String groupId) {
		var query = authorizations.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(taskId);
		if ((userId != null ? query.userIdIn(userId) : query.groupIdIn(groupId)).count() > 0) {
			return;
		}
		Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		authorization.setUserId(userId);
		authorization.setGroupId(groupId);
		authorization.setResource(Resources.TASK);
		authorization.setResourceId(taskId);
		authorization.addPermission(Permissions.READ);
		authorization.addPermission(Permissions.UPDATE);
		authorizations.saveAuthorization(authorization);
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

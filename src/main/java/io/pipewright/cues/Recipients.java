package io.pipewright.cues;

import io.pipewright.pipeline.Recipient;
import io.pipewright.security.Role;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who a recipient list names, as user ids: the lead's owner, the managers who share a
 * team with the owner, the members of the owner's teams (their groups that are not role
 * groups), a user or a group's members.
 */
@Component
public class Recipients {

	private final IdentityService identity;

	public Recipients(IdentityService identity) {
		this.identity = identity;
	}

	/**
	 * The user ids {@code to} names for a lead owned by {@code owner}, each once, in the
	 * order named. Without an owner (an instance started by hand) owner, manager and team
	 * name nobody.
	 * @throws Recipient.UnknownRecipient if {@code to} holds a form that is not a
	 * recipient
	 * @throws RecipientNotFound if it names a user or group that does not exist
	 */
	public List<String> resolve(String to, String owner) {
		return resolve(Recipient.parse(to), owner);
	}

	public List<String> resolve(List<Recipient> recipients, String owner) {
		// whoever's request or task ran the pipeline step, the lookup sees every user:
		// a rep may not read the managers' accounts, but a cue still reaches them
		return withoutAuthentication(() -> {
			Set<String> users = new LinkedHashSet<>();
			for (Recipient recipient : recipients) {
				switch (recipient.kind()) {
					case OWNER -> {
						if (owner != null) {
							users.add(owner);
						}
					}
					case TEAM -> teams(owner).forEach(team -> users.addAll(members(team)));
					case MANAGER -> {
						Set<String> managers = new LinkedHashSet<>(members(Role.MANAGER.group()));
						teams(owner)
							.forEach(team -> members(team).stream().filter(managers::contains).forEach(users::add));
					}
					case USER -> {
						if (identity.createUserQuery().userId(recipient.id()).count() == 0) {
							throw new RecipientNotFound("user", recipient.id());
						}
						users.add(recipient.id());
					}
					case GROUP -> {
						if (identity.createGroupQuery().groupId(recipient.id()).count() == 0) {
							throw new RecipientNotFound("group", recipient.id());
						}
						users.addAll(members(recipient.id()));
					}
				}
			}
			return List.copyOf(users);
		});
	}

	private List<String> teams(String owner) {
		if (owner == null) {
			return List.of();
		}
		return identity.createGroupQuery()
			.groupMember(owner)
			.orderByGroupId()
			.asc()
			.list()
			.stream()
			.map(Group::getId)
			.filter(group -> Role.ofGroup(group).isEmpty())
			.toList();
	}

	private List<String> members(String group) {
		return identity.createUserQuery()
			.memberOfGroup(group)
			.orderByUserId()
			.asc()
			.list()
			.stream()
			.map(User::getId)
			.toList();
	}

	/** Runs the lookup seeing every user and group, whoever is logged in. */
	<T> T withoutAuthentication(Supplier<T> lookup) {
		Authentication current = identity.getCurrentAuthentication();
		if (current == null) {
			return lookup.get();
		}
		identity.clearAuthentication();
		try {
			return lookup.get();
		}
		finally {
			identity.setAuthentication(current);
		}
	}

}

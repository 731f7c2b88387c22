package io.pipewright.cues;

import java.util.LinkedHashSet;
import java.util.Set;

import io.pipewright.security.Role;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/** Who a cue reaches, by their place beside a lead's owner. */
@Component
class Recipients {

	private final IdentityService identity;

	Recipients(IdentityService identity) {
		this.identity = identity;
	}

	/** The other members of the owner's teams (their groups that are not roles). */
	Set<String> teamOf(String owner) {
		Set<String> members = new LinkedHashSet<>();
		for (Group group : identity.createGroupQuery().groupMember(owner).list()) {
			if (Role.ofGroup(group.getId()).isEmpty()) {
				identity.createUserQuery()
					.memberOfGroup(group.getId())
					.list()
					.stream()
					.map(User::getId)
					.filter(id -> !id.equals(owner))
					.forEach(members::add);
			}
		}
		return members;
	}

}

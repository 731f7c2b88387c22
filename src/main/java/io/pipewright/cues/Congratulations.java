package io.pipewright.cues;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipewright.lead.LeadClosed;
import io.pipewright.lead.LeadService;
import io.pipewright.lead.LeadStatus;
import io.pipewright.pipeline.GoalReached;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The reward of the source documents' cue, routine and reward: "well done" to the owner
 * the moment a lead passes a stage by its goal, and to the owner (and their teams, if so
 * configured) when it is won. Written just before the transaction commits, so the email
 * names the stage the lead moved on to; a rolled-back step sends nothing.
 */
@Component
class Congratulations {

	static final String STAGE_PASSED = "stage-passed";

	static final String WON = "won";

	private final Notifications notifications;

	private final LeadService leads;

	private final Recipients recipients;

	private final NotificationProperties properties;

	Congratulations(Notifications notifications, LeadService leads, Recipients recipients,
			NotificationProperties properties) {
		this.notifications = notifications;
		this.leads = leads;
		this.recipients = recipients;
		this.properties = properties;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(GoalReached goal) {
		String owner = leads.ownerIfOpen(goal.leadId()).orElse(null);
		if (owner == null) {
			return;
		}
		notifications.send(new Notification(STAGE_PASSED, List.of(owner), goal.leadId(),
				Map.of("stage", goal.stageName(), "goal", goal.goalName())));
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(LeadClosed closed) {
		if (closed.status() != LeadStatus.WON) {
			return;
		}
		String owner = leads.owner(closed.leadId()).orElse(null);
		if (owner == null) {
			return;
		}
		Set<String> to = new LinkedHashSet<>();
		to.add(owner);
		if (properties.congratulateTeam()) {
			to.addAll(recipients.resolve("team", owner));
		}
		notifications.send(new Notification(WON, List.copyOf(to), closed.leadId(), Map.of()));
	}

}

package io.pipewright.cues;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** The "new task for you" email, from {@link AssignmentCue}'s events. */
@Component
class AssignmentMails {

	static final String ASSIGNMENT = "assignment";

	private final Notifications notifications;

	private final MailNotifications mail;

	AssignmentMails(Notifications notifications, MailNotifications mail) {
		this.notifications = notifications;
		this.mail = mail;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(TaskAssigned assigned) {
		if (!AssignmentCue.stillTheirs(assigned)) {
			return;
		}
		DelegateTask task = assigned.task();
		Map<String, Object> values = new HashMap<>();
		values.put("task.name", task.getName() == null ? task.getTaskDefinitionKey() : task.getName());
		values.put("task.due", task.getDueDate() == null ? "-" : task.getDueDate().toInstant());
		values.put("task.link", mail.base() + "/camunda/app/tasklist/default/#/?task=" + task.getId());
		notifications.send(new Notification(ASSIGNMENT, List.of(assigned.assignee()), assigned.leadId(), values));
	}

}

package io.pipewright.cues;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pipewright.operations.PeriodicWork;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each morning, an email to every person with tasks due today or overdue, listing them.
 * Every node looks once a minute; the day's dedup key lets only one copy out per person,
 * however many nodes run.
 */
@Component
class Digest extends PeriodicWork {

	private static final Logger log = LoggerFactory.getLogger(Digest.class);

	static final String DIGEST = "digest";

	private final TaskService tasks;

	private final Notifications notifications;

	private final MailNotifications mail;

	private final NotificationProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock = Clock.systemUTC();

	private volatile LocalDate doneFor;

	Digest(TaskService tasks, Notifications notifications, MailNotifications mail, NotificationProperties properties,
			TransactionTemplate transaction) {
		// a look a minute: the digest goes out in the minute it is due
		super("digest", Duration.ofSeconds(1), Duration.ofMinutes(1));
		this.tasks = tasks;
		this.notifications = notifications;
		this.mail = mail;
		this.properties = properties;
		this.transaction = transaction;
	}

	/** The day whose digest is due at this instant, if any. */
	static LocalDate due(Instant now, NotificationProperties properties) {
		ZonedDateTime local = now.atZone(properties.zone());
		NotificationProperties.Digest digest = properties.digest();
		boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
		if (!digest.enabled() || (digest.weekdays() && weekend) || local.toLocalTime().isBefore(digest.at())) {
			return null;
		}
		return local.toLocalDate();
	}

	/**
	 * Sends the day's digest to everyone it is due to and has not had it.
	 * @return how many people it was written for (those who had it already count too)
	 */
	int send(LocalDate day) {
		if (!mail.mailOn()) {
			return 0;
		}
		Date endOfDay = Date.from(day.plusDays(1).atStartOfDay(properties.zone()).toInstant());
		Date startOfDay = Date.from(day.atStartOfDay(properties.zone()).toInstant());
		Map<String, List<Task>> byAssignee = new TreeMap<>();
		for (Task task : tasks.createTaskQuery()
			.active()
			.taskAssigned()
			.dueBefore(endOfDay)
			.orderByDueDate()
			.asc()
			.list()) {
			byAssignee.computeIfAbsent(task.getAssignee(), who -> new ArrayList<>()).add(task);
		}
		byAssignee.forEach((assignee, due) -> {
			List<String> overdue = new ArrayList<>();
			List<String> today = new ArrayList<>();
			for (Task task : due) {
				String line = "  - " + task.getName() + " ("
						+ task.getDueDate().toInstant().atZone(properties.zone()).toLocalDate() + ")";
				(task.getDueDate().before(startOfDay) ? overdue : today).add(line);
			}
			transaction
				.executeWithoutResult(tx -> notifications.send(new Notification(
						DIGEST, List.of(assignee), null, Map.of("digest.count", Integer.toString(due.size()),
								"digest.overdue", lines(overdue), "digest.dueToday", lines(today)),
						DIGEST + ":" + day)));
		});
		return byAssignee.size();
	}

	private static String lines(List<String> lines) {
		return lines.isEmpty() ? "  -" : String.join("\n", lines);
	}

	@Override
	protected void work() {
		LocalDate day = due(clock.instant(), properties);
		if (day != null && !day.equals(doneFor)) {
			int people = send(day);
			doneFor = day;
			log.info("Daily digest for {} written for {} people", day, people);
		}
	}

}

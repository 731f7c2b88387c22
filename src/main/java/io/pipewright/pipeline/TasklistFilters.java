package io.pipewright.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives reps ready Tasklist filters on the first start: their own stage tasks by due
 * date, what is overdue, and stage tasks waiting for a taker. An admin may edit or delete
 * them; they are not re-created.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
@EnableConfigurationProperties(TasklistProperties.class)
class TasklistFilters implements ApplicationRunner {

	/**
	 * The start-up's checks and writes in one transaction, not a commit each (dozens on a
	 * first start): all of it or none of it.
	 */
	private final TransactionTemplate transaction;

	private final FilterService filters;

	private final TaskService tasks;

	private final TasklistProperties properties;

	TasklistFilters(FilterService filters, TaskService tasks, TasklistProperties properties,
			TransactionTemplate transaction) {
		this.transaction = transaction;
		this.filters = filters;
		this.tasks = tasks;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		transaction.executeWithoutResult(status -> setUp());
	}

	private void setUp() {
		if (filters.createFilterQuery().filterResourceType("Task").count() > 0) {
			return;
		}
		Words words = properties.language() == TasklistProperties.Language.nb ? NORWEGIAN : ENGLISH;
		List<Map<String, String>> variables = List.of(variable(PipelineContract.COMPANY, words.company()),
				variable(PipelineContract.VALUE, words.value()), variable(PipelineContract.CURRENCY, words.currency()),
				variable(PipelineContract.STAGE_NAME, words.stage()));
		create(words.myTasks(), -10, words.myTasksHint(), variables,
				tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc());
		create(words.overdue(), -5, words.overdueHint(), variables,
				tasks.createTaskQuery()
					.taskAssigneeExpression("${currentUser()}")
					.dueBeforeExpression("${now()}")
					.orderByDueDate()
					.asc());
		create(words.upForGrabs(), 0, words.upForGrabsHint(), variables,
				tasks.createTaskQuery().taskUnassigned().orderByDueDate().asc());
	}

	private void create(String name, int priority, String description, List<Map<String, String>> variables,
			TaskQuery query) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("priority", priority);
		settings.put("description", description);
		settings.put("refresh", true);
		settings.put("variables", variables);
		filters.saveFilter(filters.newTaskFilter(name).setQuery(query).setProperties(settings));
	}

	private record Words(String myTasks, String myTasksHint, String overdue, String overdueHint, String upForGrabs,
			String upForGrabsHint, String company, String value, String currency, String stage) {
	}

	private static final Words ENGLISH = new Words("My tasks", "My stage tasks, the soonest due first", "Overdue",
			"My stage tasks past their due date", "Up for grabs", "Stage tasks no one has taken yet", "Company",
			"Value", "Currency", "Stage");

	private static final Words NORWEGIAN = new Words("Mine oppgaver", "Mine oppgaver, den med kortest frist først",
			"Forfalt", "Mine oppgaver der fristen er passert", "Ledige oppgaver", "Oppgaver ingen har tatt ennå",
			"Firma", "Verdi", "Valuta", "Fase");

	private static Map<String, String> variable(String name, String label) {
		return Map.of("name", name, "label", label);
	}

}

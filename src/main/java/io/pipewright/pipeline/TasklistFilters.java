package io.pipewright.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives reps ready Tasklist filters on the first start: their own stage tasks by due
 * date, what is overdue, and stage tasks waiting for a taker. An admin may edit or delete
 * them; they are not re-created.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TasklistFilters implements ApplicationRunner {

	static final String MY_TASKS = "My tasks";

	private final FilterService filters;

	private final TaskService tasks;

	TasklistFilters(FilterService filters, TaskService tasks) {
		this.filters = filters;
		this.tasks = tasks;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (filters.createFilterQuery().filterResourceType("Task").count() > 0) {
			return;
		}
		create(MY_TASKS, -10, "My stage tasks, the soonest due first",
				tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc());
		create("Overdue", -5, "My stage tasks past their due date",
				tasks.createTaskQuery()
					.taskAssigneeExpression("${currentUser()}")
					.dueBeforeExpression("${now()}")
					.orderByDueDate()
					.asc());
		create("Up for grabs", 0, "Stage tasks no one has taken yet",
				tasks.createTaskQuery().taskUnassigned().orderByDueDate().asc());
	}

	private void create(String name, int priority, String description, TaskQuery query) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("priority", priority);
		properties.put("description", description);
		properties.put("refresh", true);
		properties.put("variables",
				List.of(variable(PipelineContract.COMPANY, "Company"), variable(PipelineContract.VALUE, "Value"),
						variable(PipelineContract.CURRENCY, "Currency"),
						variable(PipelineContract.STAGE_NAME, "Stage")));
		Filter filter = filters.newTaskFilter(name).setQuery(query).setProperties(properties);
		filters.saveFilter(filter);
	}

	private static Map<String, String> variable(String name, String label) {
		return Map.of("name", name, "label", label);
	}

}

package io.pipewright.lead;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A lead's open tasks with their candidate groups, for its answer, in one query. The
 * engine's task query costs a command and, above all, the evaluation of its huge dynamic
 * SQL (a third of the answer's CPU), and its groups would take a command a task; the
 * answer is read with no authorization check either way, as Pipewright's own reads are.
 */
@Repository
class OpenTasks {

	private final JdbcClient jdbc;

	private final String sql;

	OpenTasks(JdbcClient jdbc, ProcessEngine engine) {
		this.jdbc = jdbc;
		String prefix = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
			.getDatabaseTablePrefix();
		this.sql = """
				select t.ID_ as task_id, t.NAME_ as name, t.CREATE_TIME_ as created, t.DUE_DATE_ as due,
				t.ASSIGNEE_ as assignee, l.GROUP_ID_ as group_id from %1$sACT_RU_TASK t
				left join %1$sACT_RU_IDENTITYLINK l on l.TASK_ID_ = t.ID_ and l.TYPE_ = 'candidate'
				and l.GROUP_ID_ is not null
				where t.PROC_INST_ID_ = :process order by t.CREATE_TIME_, t.ID_, l.GROUP_ID_
				""".formatted(prefix == null ? "" : prefix);
	}

	/** The process's open tasks, oldest first, each with its candidate groups. */
	List<LeadView.OpenTask> of(String processInstanceId) {
		record Row(String id, String name, Instant created, Instant due, String assignee, List<String> groups) {
		}
		Map<String, Row> tasks = new LinkedHashMap<>();
		jdbc.sql(sql).param("process", processInstanceId).query((RowCallbackHandler) rs -> {
			String id = rs.getString("task_id");
			Row task = tasks.get(id);
			if (task == null) {
				task = new Row(id, rs.getString("name"), instant(rs.getTimestamp("created")),
						instant(rs.getTimestamp("due")), rs.getString("assignee"), new ArrayList<>());
				tasks.put(id, task);
			}
			String group = rs.getString("group_id");
			if (group != null) {
				task.groups().add(group);
			}
		});
		return tasks.values()
			.stream()
			.map(task -> new LeadView.OpenTask(task.id(), task.name(), task.created(), task.due(), task.assignee(),
					List.copyOf(task.groups())))
			.toList();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}

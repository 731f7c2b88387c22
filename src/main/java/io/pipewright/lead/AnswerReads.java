package io.pipewright.lead;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The engine's part of a lead's answer, read without the engine's query API: its criteria
 * queries evaluate a large dynamic SQL on every call (the task query was a third of the
 * answer's CPU, the variable query most of the rest). The answer is read with no
 * authorization check either way, as Pipewright's own reads are.
 */
@Repository
class AnswerReads {

	private final JdbcClient jdbc;

	private final CommandExecutor commands;

	private final String sql;

	AnswerReads(JdbcClient jdbc, ProcessEngine engine) {
		this.jdbc = jdbc;
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
			.getProcessEngineConfiguration();
		this.commands = configuration.getCommandExecutorTxRequired();
		String prefix = configuration.getDatabaseTablePrefix();
		this.sql = """
				select t.ID_ as task_id, t.NAME_ as name, t.CREATE_TIME_ as created, t.DUE_DATE_ as due,
				t.ASSIGNEE_ as assignee, l.GROUP_ID_ as group_id from %1$sACT_RU_TASK t
				left join %1$sACT_RU_IDENTITYLINK l on l.TASK_ID_ = t.ID_ and l.TYPE_ = 'candidate'
				and l.GROUP_ID_ is not null
				where t.PROC_INST_ID_ = :process order by t.CREATE_TIME_, t.ID_, l.GROUP_ID_
				""".formatted(prefix == null ? "" : prefix);
	}

	/**
	 * The running process instance's own variables (not its inner scopes' or tasks'), by
	 * the engine's plain read of an execution's variables; empty once it has ended. Not
	 * {@code getVariables}: that loads the execution itself, which a job moving the lead
	 * may change meanwhile.
	 */
	Map<String, Object> processVariables(String processInstanceId) {
		Map<String, Object> variables = new LinkedHashMap<>();
		commands.execute(context -> {
			context.getVariableInstanceManager()
				.findVariableInstancesByExecutionId(processInstanceId)
				.forEach(variable -> variables.put(variable.getName(), variable.getValue()));
			return null;
		});
		return variables;
	}

	/** The process's open tasks, oldest first, each with its candidate groups. */
	List<LeadView.OpenTask> openTasks(String processInstanceId) {
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

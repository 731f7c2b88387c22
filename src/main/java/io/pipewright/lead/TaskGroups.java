package io.pipewright.lead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The candidate groups of a lead's open tasks in one query, where the engine's API reads
 * them task by task (a command, a task load and a query each).
 */
@Repository
class TaskGroups {

	private final JdbcClient jdbc;

	private final String sql;

	TaskGroups(JdbcClient jdbc, ProcessEngine engine) {
		this.jdbc = jdbc;
		String prefix = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
			.getDatabaseTablePrefix();
		this.sql = """
				select t.ID_ as task_id, l.GROUP_ID_ as group_id from %1$sACT_RU_TASK t
				left join %1$sACT_RU_IDENTITYLINK l on l.TASK_ID_ = t.ID_ and l.TYPE_ = 'candidate'
				and l.GROUP_ID_ is not null
				where t.ID_ in (:ids) order by t.ID_, l.GROUP_ID_
				""".formatted(prefix == null ? "" : prefix);
	}

	/**
	 * Each task's candidate groups, by task id; a task that has ended since it was listed
	 * (a timer or another node moved the lead) is missing: it is no longer open.
	 */
	Map<String, List<String>> of(Collection<String> taskIds) {
		Map<String, List<String>> groups = new LinkedHashMap<>();
		if (taskIds.isEmpty()) {
			return groups;
		}
		jdbc.sql(sql).param("ids", taskIds).query((RowCallbackHandler) rs -> {
			List<String> own = groups.computeIfAbsent(rs.getString("task_id"), id -> new ArrayList<>());
			String group = rs.getString("group_id");
			if (group != null) {
				own.add(group);
			}
		});
		return groups;
	}

}

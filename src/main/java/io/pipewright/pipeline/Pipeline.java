package io.pipewright.pipeline;

import java.util.List;

/**
 * A deployed pipeline version as its BPMN describes it: stages in model order, goals,
 * guidance, tasks.
 */
public record Pipeline(String key, String name, int version, String definitionId, List<Stage> stages) {

	public record Stage(String id, String name, String guidance, Goal goal, List<Task> tasks) {
	}

	public record Goal(String id, String name, String condition, List<String> facts) {
	}

	public record Task(String id, String name, String dueIn, String assignee, List<String> candidateGroups,
			List<String> candidateUsers) {
	}

}

package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.GoalFacts;

import java.util.List;

/**
 * What the parse learns of one stage. Tasks are parsed before their stage and the goal
 * after it, so it is filled in over the course of one parse, then only read.
 */
final class StageModel {

	static final String PROPERTY = "pipewright.stage";

	final String id;

	final String pipelineKey;

	volatile String name;

	volatile String guidance;

	volatile String goalId;

	volatile String goalName;

	volatile List<String> goalFacts = List.of();

	StageModel(String id, String pipelineKey) {
		this.id = id;
		this.pipelineKey = pipelineKey;
	}

	void goal(String id, String name, String condition) {
		this.goalId = id;
		this.goalName = name;
		this.goalFacts = GoalFacts.of(condition);
	}

}

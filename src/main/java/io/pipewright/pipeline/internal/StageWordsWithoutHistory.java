package io.pipewright.pipeline.internal;

import java.util.List;
import java.util.Set;

import io.pipewright.pipeline.PipelineContract;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

/**
 * Keeps the stage's words that a stage task carries as task variables (for the Tasklist
 * filters' lists and generated forms) out of the history. They are copies of the model's
 * words, set when the task appears and gone when it ends; their history (the variable,
 * its detail, its deletion: three rows a task) recorded nothing a lead's history needs.
 * Every other history event passes on to the engine's handler unchanged.
 */
final class StageWordsWithoutHistory implements HistoryEventHandler {

	private static final Set<String> WORDS = Set.of(PipelineContract.STAGE_NAME, PipelineContract.STAGE_GUIDANCE,
			PipelineContract.GOAL_NAME, PipelineContract.GOAL_FACTS);

	private final HistoryEventHandler next;

	StageWordsWithoutHistory(HistoryEventHandler next) {
		this.next = next;
	}

	@Override
	public void handleEvent(HistoryEvent event) {
		if (!stageWord(event)) {
			next.handleEvent(event);
		}
	}

	@Override
	public void handleEvents(List<HistoryEvent> events) {
		next.handleEvents(events.stream().filter(event -> !stageWord(event)).toList());
	}

	/**
	 * A task's own variable under one of the words' names: only the stage task sets
	 * those.
	 */
	private static boolean stageWord(HistoryEvent event) {
		return event instanceof HistoricVariableUpdateEventEntity variable && variable.getTaskId() != null
				&& WORDS.contains(variable.getVariableName());
	}

}

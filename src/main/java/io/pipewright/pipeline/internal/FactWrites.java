package io.pipewright.pipeline.internal;

import io.pipewright.pipeline.FactWritten;
import io.pipewright.pipeline.PipelineContract;

import java.util.List;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells the rest of Pipewright of every write to a lead's process variables, whoever made
 * it: the engine reports each variable change to its history handler, and this is the one
 * place that sees them all (a form submitted in Tasklist, a task completed or a variable
 * set through engine-rest, Pipewright's own calls). Only variables of the process's own
 * scope are told, as facts live there (a task's or a sub-process's local variables are
 * not facts), and not the lead's fields. It needs the history level audit or full, which
 * report variable changes; Pipewright sets full. Every event passes on unchanged.
 */
final class FactWrites implements HistoryEventHandler {

	private final HistoryEventHandler next;

	private final ApplicationEventPublisher events;

	FactWrites(HistoryEventHandler next, ApplicationEventPublisher events) {
		this.next = next;
		this.events = events;
	}

	@Override
	public void handleEvent(HistoryEvent event) {
		tell(event);
		next.handleEvent(event);
	}

	@Override
	public void handleEvents(List<HistoryEvent> events) {
		events.forEach(this::tell);
		next.handleEvents(events);
	}

	private void tell(HistoryEvent event) {
		if (!(event instanceof HistoricVariableUpdateEventEntity variable) || variable.getTaskId() != null
				|| variable.getProcessInstanceId() == null
				|| !variable.getProcessInstanceId().equals(variable.getScopeActivityInstanceId())
				|| !(HistoryEventTypes.VARIABLE_INSTANCE_CREATE.getEventName().equals(event.getEventType())
						|| HistoryEventTypes.VARIABLE_INSTANCE_UPDATE.getEventName().equals(event.getEventType()))) {
			return;
		}
		Value value = value(variable);
		CommandContext command = Context.getCommandContext();
		// a lead's fields are copies of what Pipewright keeps, not facts
		if (value == null || command == null || PipelineContract.LEAD_FIELDS.contains(variable.getVariableName())) {
			return;
		}
		// the process instance is in the command's cache: its variable was just written
		ExecutionEntity process = command.getExecutionManager().findExecutionById(variable.getProcessInstanceId());
		String leadId = process == null ? null : process.getBusinessKey();
		if (leadId == null) {
			return; // started by hand in Cockpit or Tasklist: no lead
		}
		events.publishEvent(new FactWritten(leadId, variable.getVariableName(), value.value(),
				command.getAuthenticatedUserId(), ClockUtil.now().toInstant()));
	}

	/** A fact's value as stored; null for a kind of value that is no fact's. */
	private static Value value(HistoricVariableUpdateEventEntity variable) {
		String kind = variable.getSerializerName();
		if (kind == null) {
			return null;
		}
		return switch (kind) {
			case "boolean" -> new Value(variable.getLongValue() == null ? null : variable.getLongValue() == 1);
			case "integer", "long", "short" -> new Value(variable.getLongValue());
			case "double" -> new Value(variable.getDoubleValue());
			case "string" -> new Value(variable.getTextValue());
			case "null" -> new Value(null);
			default -> null;
		};
	}

	/** A value, which may be null. */
	private record Value(Object value) {
	}

}

package io.pipewright.lead;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineContract;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.security.AuditTrail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the open leads of a pipeline to its newest version with the engine's migration
 * API. Running leads otherwise stay on the version they started on. Stages and tasks map
 * by id; each lead moves in a transaction of its own, together with its row, so one lead
 * that cannot move (it sits in a stage the new version dropped) keeps none of the others
 * back.
 */
@Service
public class PipelineMigration {

	private static final Logger log = LoggerFactory.getLogger(PipelineMigration.class);

	private static final int ATTEMPTS = 3;

	private static final int QUERY_CHUNK = 500;

	private final Leads leads;

	private final StageVisits visits;

	private final LeadEvents events;

	private final Pipelines pipelines;

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final TransactionTemplate transaction;

	private final StageBits bits;

	private final AuditTrail audit;

	PipelineMigration(Leads leads, StageVisits visits, LeadEvents events, Pipelines pipelines, RuntimeService runtime,
			TaskService tasks, TransactionTemplate transaction, AuditTrail audit, StageBits bits) {
		this.bits = bits;
		this.leads = leads;
		this.visits = visits;
		this.events = events;
		this.pipelines = pipelines;
		this.runtime = runtime;
		this.tasks = tasks;
		this.transaction = transaction;
		this.audit = audit;
	}

	/**
	 * Moves the pipeline's open leads (or the ones the request names) to its newest
	 * version; on a dry run each move is carried out and rolled back, so the report says
	 * exactly what a real run would do.
	 */
	public MigrationReport migrate(String pipelineKey, MigrationRequest request, String actor) {
		Pipeline target = pipelines.latest(pipelineKey);
		// before any lead's transaction: the new version's stages get their bits
		bits.ensure(target);
		List<Lead> chosen = request.leads() == null ? leads.openOf(pipelineKey) : named(pipelineKey, request.leads());
		Map<String, String> definitions = runningDefinitions(chosen);
		Map<String, Plan> plans = new HashMap<>();
		int moved = 0;
		int current = 0;
		List<MigrationReport.NotMoved> notMoved = new ArrayList<>();
		for (Lead lead : chosen) {
			if (!lead.isOpen()) {
				notMoved.add(notMoved(lead, lead.pipelineVersion(),
						"it is closed (" + lead.status().json() + "); only open leads move"));
				continue;
			}
			String definitionId = definitions.get(lead.processInstanceId());
			if (definitionId == null) {
				notMoved.add(notMoved(lead, lead.pipelineVersion(),
						"its pipeline has already ended without closing it, so there is nothing to move"));
				continue;
			}
			if (definitionId.equals(target.definitionId())) {
				if (!definitionId.equals(lead.processDefinitionId()) && !request.isDryRun()) {
					movedInTheEngine(lead, target);
				}
				current++;
				continue;
			}
			Plan plan = plans.computeIfAbsent(definitionId, source -> plan(source, target));
			Outcome outcome = plan.refused != null ? Outcome.refused(plan.refused)
					: move(lead.id(), plan, target, request.isDryRun(), actor);
			if (outcome.kind() == Outcome.Kind.MOVED) {
				moved++;
			}
			else if (outcome.kind() == Outcome.Kind.CURRENT) {
				current++;
			}
			else {
				notMoved.add(notMoved(leads.find(lead.id()).orElse(lead), plan.source.version(), outcome.refused));
			}
		}
		if (!request.isDryRun()) {
			// each moved lead's timeline says so too; this is the call, with who made it
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("version", target.version());
			detail.put("leads", request.leads() == null ? "all open" : chosen.size());
			detail.put("moved", moved);
			detail.put("alreadyCurrent", current);
			detail.put("notMoved", notMoved.size());
			audit.record(actor, "pipeline.migrated", target.key(), detail);
		}
		return new MigrationReport(new LeadView.PipelineRef(target.key(), target.version()), request.isDryRun(), moved,
				current, notMoved);
	}

	/** The leads the request names, each of which must be one of this pipeline's. */
	private List<Lead> named(String pipelineKey, List<String> ids) {
		Set<String> unique = new LinkedHashSet<>(ids);
		Map<String, Lead> found = leads.findAll(unique)
			.stream()
			.collect(Collectors.toMap(Lead::id, Function.identity()));
		List<FieldProblem> problems = new ArrayList<>();
		List<Lead> chosen = new ArrayList<>();
		int index = 0;
		for (String id : ids) {
			Lead lead = found.get(id);
			if (lead == null) {
				problems.add(new FieldProblem("leads[" + index + "]", "no lead with id '" + id + "'"));
			}
			else if (!lead.pipelineKey().equals(pipelineKey)) {
				problems.add(new FieldProblem("leads[" + index + "]",
						"lead '" + id + "' is on pipeline '" + lead.pipelineKey() + "', not '" + pipelineKey + "'"));
			}
			else if (unique.remove(id)) {
				chosen.add(lead);
			}
			index++;
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return chosen;
	}

	/** Process instance id to the definition it runs on, for those still running. */
	private Map<String, String> runningDefinitions(List<Lead> chosen) {
		List<String> ids = chosen.stream().map(Lead::processInstanceId).filter(Objects::nonNull).toList();
		Map<String, String> definitions = new HashMap<>();
		for (int from = 0; from < ids.size(); from += QUERY_CHUNK) {
			Set<String> chunk = new LinkedHashSet<>(ids.subList(from, Math.min(ids.size(), from + QUERY_CHUNK)));
			runtime.createProcessInstanceQuery()
				.processInstanceIds(chunk)
				.list()
				.forEach(instance -> definitions.put(instance.getId(), instance.getProcessDefinitionId()));
		}
		return definitions;
	}

	/**
	 * One plan per source version. When the engine refuses the plan itself, no lead of
	 * that version can move, and each is reported with the same reason.
	 */
	private Plan plan(String sourceDefinitionId, Pipeline target) {
		Pipeline source = pipelines.byDefinitionId(sourceDefinitionId);
		try {
			MigrationPlan plan = runtime.createMigrationPlan(sourceDefinitionId, target.definitionId())
				.mapEqualActivities()
				.updateEventTriggers()
				.build();
			return new Plan(source, plan, null);
		}
		catch (MigrationPlanValidationException ex) {
			List<String> problems = new ArrayList<>();
			for (MigrationInstructionValidationReport report : ex.getValidationReport().getInstructionReports()) {
				String element = report.getMigrationInstruction() == null ? "the pipeline"
						: describe(source, report.getMigrationInstruction().getSourceActivityId());
				problems.add(element + ": " + String.join("; ", report.getFailures()));
			}
			ex.getValidationReport()
				.getVariableReports()
				.forEach((name, report) -> problems.add("variable '" + name + "': " + report.getFailures()));
			return new Plan(source, null, "version " + source.version() + " cannot be mapped onto version "
					+ target.version() + ": " + String.join("; ", problems));
		}
		catch (ProcessEngineException ex) {
			log.warn("Cannot plan the migration of {} to {}", sourceDefinitionId, target.definitionId(), ex);
			return new Plan(source, null, "version " + source.version() + " cannot be mapped onto version "
					+ target.version() + ": " + ex.getMessage());
		}
	}

	/** Moves one lead, or says why it stays where it is. */
	private Outcome move(String leadId, Plan plan, Pipeline target, boolean dryRun, String actor) {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.execute(status -> {
					Outcome outcome = moveInTransaction(leadId, plan, target, actor);
					if (dryRun || outcome.kind() != Outcome.Kind.MOVED) {
						status.setRollbackOnly();
					}
					return outcome;
				});
			}
			catch (MigratingProcessInstanceValidationException ex) {
				return Outcome.refused(reason(ex.getValidationReport(), plan.source, target));
			}
			catch (OptimisticLockingException ex) {
				if (attempt == ATTEMPTS) {
					return Outcome.refused("it changed while it was being moved; send the request again");
				}
			}
			catch (ProcessEngineException ex) {
				log.warn("Could not migrate lead {} to {}", leadId, target.definitionId(), ex);
				return Outcome.refused("the engine could not move it: " + ex.getMessage());
			}
		}
	}

	private Outcome moveInTransaction(String leadId, Plan plan, Pipeline target, String actor) {
		// read again: another call may have moved the lead, or it may have closed, since
		// this one began
		Lead lead = leads.find(leadId).orElseThrow(() -> new UnknownLead(leadId));
		if (!lead.isOpen()) {
			return Outcome.refused("it was closed (" + lead.status().json() + ") while the leads were being moved");
		}
		ProcessInstance instance = runtime.createProcessInstanceQuery()
			.processInstanceId(lead.processInstanceId())
			.singleResult();
		if (instance == null) {
			return Outcome.refused("its pipeline ended while the leads were being moved");
		}
		if (instance.getProcessDefinitionId().equals(target.definitionId())) {
			return Outcome.CURRENT;
		}
		runtime.newMigration(plan.plan).processInstanceIds(lead.processInstanceId()).execute();
		refreshStageTaskWords(lead.processInstanceId(), target);
		Map<String, Object> detail = caughtUp(lead, target);
		events.append(lead.id(), LeadEvents.MIGRATED, actor, detail, ClockUtil.now().toInstant());
		// last, after the lead's row is written: the engine evaluates
		// conditions only when a variable changes, and a goal the new
		// version words differently may hold already; a field set to its
		// own value makes every goal look again at once
		runtime.setVariable(lead.processInstanceId(), PipelineContract.LEAD_ID, lead.id());
		return Outcome.MOVED;
	}

	/**
	 * Someone moved the lead's process in the engine directly (engine-rest); its row
	 * catches up, and its timeline says so.
	 */
	private void movedInTheEngine(Lead lead, Pipeline target) {
		transaction.executeWithoutResult(status -> {
			Map<String, Object> detail = caughtUp(lead, target);
			detail.put("by", "engine");
			events.append(lead.id(), LeadEvents.MIGRATED, null, detail, ClockUtil.now().toInstant());
		});
	}

	/**
	 * The lead's row follows its process to the new version, with the stage's name there;
	 * answers what changed, for the lead's timeline.
	 */
	private Map<String, Object> caughtUp(Lead lead, Pipeline target) {
		Pipeline.Stage stage = lead.stageId() == null ? null : stage(target, lead.stageId());
		String stageName = stage == null ? null : stage.name();
		leads.migrated(lead.id(), target.version(), target.definitionId(), stageName, ClockUtil.now().toInstant());
		boolean renamed = stageName != null && !stageName.equals(lead.stageName());
		if (renamed) {
			visits.renameOpen(lead.id(), lead.stageId(), stageName);
		}
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("pipeline", target.key());
		detail.put("from", lead.pipelineVersion());
		detail.put("to", target.version());
		detail.put("stageId", lead.stageId());
		detail.put("stage", stageName != null ? stageName : lead.stageName());
		if (renamed) {
			detail.put("stageWas", lead.stageName());
		}
		return detail;
	}

	/**
	 * The engine moves a task as it is; its name, and any copies of the stage's name,
	 * guidance and goal that the task carries for its form, came from the old model when
	 * the task appeared, so they are set again from the new one.
	 */
	private void refreshStageTaskWords(String processInstanceId, Pipeline target) {
		for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId).list()) {
			Pipeline.Stage stage = stageOfTask(target, task.getTaskDefinitionKey());
			if (stage == null) {
				continue;
			}
			String name = taskName(stage, task.getTaskDefinitionKey());
			// a name that is an expression was worked out when the task appeared; keep it
			if (!name.equals(task.getTaskDefinitionKey()) && !name.contains("{") && !name.equals(task.getName())) {
				task.setName(name);
				tasks.saveTask(task);
				visits.renameTask(task.getId(), name);
			}
			Map<String, Object> wanted = PipelineContract.stageTaskVariables(stage.name(), stage.guidance(),
					stage.goal() == null ? null : stage.goal().name(),
					stage.goal() == null ? List.of() : stage.goal().facts());
			// the form reads them from the task's model, now the new one; only a task
			// that
			// carries copies (one with a generated form, or made by an older Pipewright)
			// has them set again
			Map<String, Object> now = tasks.getVariablesLocal(task.getId(), wanted.keySet());
			wanted.keySet().retainAll(now.keySet());
			wanted.entrySet().removeIf(wish -> Objects.equals(now.get(wish.getKey()), wish.getValue()));
			if (!wanted.isEmpty()) {
				tasks.setVariablesLocal(task.getId(), wanted);
			}
		}
	}

	/**
	 * The engine's report in words an admin can act on: the stage (or task) the lead is
	 * in, and that the new version has no counterpart for it.
	 */
	private static String reason(MigratingProcessInstanceValidationReport report, Pipeline source, Pipeline target) {
		Set<String> reasons = new LinkedHashSet<>();
		for (MigratingActivityInstanceValidationReport activity : report.getActivityInstanceReports()) {
			reasons.add(reason(activity.getSourceScopeId(), activity.getFailures(), source, target));
		}
		for (MigratingTransitionInstanceValidationReport transition : report.getTransitionInstanceReports()) {
			reasons.add(reason(transition.getSourceScopeId(), transition.getFailures(), source, target));
		}
		reasons.addAll(report.getFailures());
		return reasons.isEmpty() ? "the engine refused to move it" : String.join("; ", reasons);
	}

	private static String reason(String activityId, List<String> failures, Pipeline source, Pipeline target) {
		String version = "version " + target.version();
		Pipeline.Stage stage = stage(source, activityId);
		Pipeline.Stage inStage = stage != null ? stage : stageOfTask(source, activityId);
		// the engine's words (NoUnmappedLeafInstanceValidator) for
		// "the new version has no counterpart"
		boolean unmapped = failures.stream().anyMatch(f -> f.startsWith("There is no migration instruction"));
		if (inStage != null && unmapped && stage(target, inStage.id()) == null) {
			return "it is in stage '" + inStage.name() + "' (" + inStage.id() + "), which " + version
					+ " of the pipeline no longer has";
		}
		if (stage == null && inStage != null && unmapped) {
			return "its task '" + taskName(inStage, activityId) + "' (" + activityId + ") in stage '" + inStage.name()
					+ "' has no counterpart in that stage in " + version;
		}
		return describe(source, activityId) + ": " + String.join("; ", failures);
	}

	private static String describe(Pipeline pipeline, String activityId) {
		Pipeline.Stage stage = stage(pipeline, activityId);
		if (stage != null) {
			return "stage '" + stage.name() + "' (" + activityId + ")";
		}
		Pipeline.Stage inStage = stageOfTask(pipeline, activityId);
		if (inStage != null) {
			return "task '" + taskName(inStage, activityId) + "' (" + activityId + ") in stage '" + inStage.name()
					+ "'";
		}
		return "'" + activityId + "'";
	}

	private static Pipeline.Stage stage(Pipeline pipeline, String stageId) {
		return pipeline.stages().stream().filter(s -> s.id().equals(stageId)).findFirst().orElse(null);
	}

	private static Pipeline.Stage stageOfTask(Pipeline pipeline, String taskId) {
		return pipeline.stages()
			.stream()
			.filter(s -> s.tasks().stream().anyMatch(t -> t.id().equals(taskId)))
			.findFirst()
			.orElse(null);
	}

	private static String taskName(Pipeline.Stage stage, String taskId) {
		return stage.tasks()
			.stream()
			.filter(t -> t.id().equals(taskId))
			.map(Pipeline.Task::name)
			.findFirst()
			.orElse(taskId);
	}

	private static MigrationReport.NotMoved notMoved(Lead lead, int version, String reason) {
		MigrationReport.StageRef stage = lead.stageId() == null ? null
				: new MigrationReport.StageRef(lead.stageId(), lead.stageName());
		return new MigrationReport.NotMoved(lead.id(), lead.name(), version, stage, reason);
	}

	/** Moved, on the newest version already, or refused with the reason. */
	private record Outcome(Kind kind, String refused) {

		enum Kind {

			MOVED, CURRENT, REFUSED

		}

		static final Outcome MOVED = new Outcome(Kind.MOVED, null);

		static final Outcome CURRENT = new Outcome(Kind.CURRENT, null);

		static Outcome refused(String reason) {
			return new Outcome(Kind.REFUSED, reason);
		}

	}

	/** The engine's plan from one version, or why there is none. */
	private record Plan(Pipeline source, MigrationPlan plan, String refused) {
	}

}

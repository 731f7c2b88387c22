package io.pipewright.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.routing.Assignment;
import io.pipewright.routing.LeadDraft;
import io.pipewright.routing.Routing;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a team's leads in, one line at a time, each line all or nothing. A closed lead
 * becomes history as if Pipewright had seen it: its stage visits, facts, and outcome at
 * their own times, feeding insight and the routing's track records. An open lead is
 * created as through the API, its pipeline started, and its facts reported, so its goals
 * move it on. A line whose {@code externalId} is already known changes nothing.
 */
@Service
public class LeadImport {

	/** Who the history names as having done what the import brought in. */
	static final String ACTOR = "import";

	private final LeadService service;

	private final Leads leads;

	private final StageVisits visits;

	private final StageBits bits;

	private final ApplicationEventPublisher publisher;

	private final LeadEvents events;

	private final Pipelines pipelines;

	private final Routing routing;

	private final Validator validator;

	private final TransactionTemplate transaction;

	private final LeadsProperties properties;

	private final FirstFacts firstFacts;

	LeadImport(LeadService service, Leads leads, StageVisits visits, StageBits bits, LeadEvents events,
			Pipelines pipelines, Routing routing, Validator validator, TransactionTemplate transaction,
			LeadsProperties properties, ApplicationEventPublisher publisher, FirstFacts firstFacts) {
		this.firstFacts = firstFacts;
		this.bits = bits;
		this.publisher = publisher;
		this.service = service;
		this.leads = leads;
		this.visits = visits;
		this.events = events;
		this.pipelines = pipelines;
		this.routing = routing;
		this.validator = validator;
		this.transaction = transaction;
		this.properties = properties;
	}

	/** What became of one line. */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record LineResult(int line, String externalId, Outcome outcome, String leadId, List<FieldProblem> errors) {

		static LineResult refused(int line, String externalId, List<FieldProblem> errors) {
			return new LineResult(line, externalId, Outcome.REFUSED, null, errors);
		}

	}

	public enum Outcome {

		/** A new lead. */
		CREATED,
		/** Its externalId was known: nothing changed. */
		EXISTING,
		/** Not imported, for the reasons given; nothing changed. */
		REFUSED

	}

	/** A line as read, or why it could not be read. */
	public record Line(int number, ImportedLead lead, String unreadable) {
	}

	/** Imports each line on its own. */
	public List<LineResult> importAll(List<Line> lines, String actor) {
		List<LineResult> results = new ArrayList<>(lines.size());
		for (Line line : lines) {
			results.add(line.unreadable() != null
					? LineResult.refused(line.number(), null, List.of(new FieldProblem("line", line.unreadable())))
					: importOne(line.number(), line.lead(), actor));
		}
		return results;
	}

	LineResult importOne(int number, ImportedLead lead, String actor) {
		List<FieldProblem> problems = new ArrayList<>();
		for (ConstraintViolation<ImportedLead> violation : validator.validate(lead)) {
			problems.add(new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()));
		}
		if (!problems.isEmpty()) {
			return LineResult.refused(number, lead.externalId(), problems);
		}
		Optional<Lead> existing = leads.findByExternalId(lead.externalId());
		if (existing.isPresent()) {
			return new LineResult(number, lead.externalId(), Outcome.EXISTING, existing.get().id(), List.of());
		}
		try {
			String id = lead.closed() ? history(lead, actor) : open(lead, actor);
			return new LineResult(number, lead.externalId(), Outcome.CREATED, id, List.of());
		}
		catch (InvalidInput invalid) {
			return LineResult.refused(number, lead.externalId(), invalid.errors());
		}
		catch (DuplicateKeyException sameTime) {
			// the same externalId in another request at the same moment: that one won
			return leads.findByExternalId(lead.externalId())
				.map(found -> new LineResult(number, lead.externalId(), Outcome.EXISTING, found.id(), List.of()))
				.orElseThrow(() -> sameTime);
		}
	}

	/**
	 * An open lead, created and started as through the API, then its facts reported in
	 * the same transaction: a fact its pipeline cannot read undoes the lead too.
	 */
	private String open(ImportedLead lead, String actor) {
		List<FieldProblem> problems = new ArrayList<>();
		if (lead.closedAt() != null) {
			problems.add(new FieldProblem("closedAt", "an open lead has no close time; give its outcome, won or lost"));
		}
		if (lead.reason() != null) {
			problems.add(new FieldProblem("reason", "only a lost lead has a reason"));
		}
		if (!lead.stages().isEmpty()) {
			problems.add(new FieldProblem("stages",
					"an open lead starts its pipeline at the first stage: give the facts it reached, and its goals move it on"));
		}
		Map<String, Object> facts = facts(lead, problems);
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return transaction.execute(status -> {
			String id = service.create(lead.asNew(), actor).lead().id();
			if (!facts.isEmpty()) {
				service.reportFacts(id, facts, actor);
			}
			return id;
		});
	}

	/** A closed lead as history: no pipeline runs for it. */
	private String history(ImportedLead lead, String actor) {
		List<FieldProblem> problems = new ArrayList<>();
		Instant closedAt = lead.closedAt();
		if (closedAt == null) {
			problems.add(new FieldProblem("closedAt", "a " + lead.outcome() + " lead needs the time it was closed"));
		}
		if (lead.reason() != null && !"lost".equals(lead.outcome())) {
			problems.add(new FieldProblem("reason", "only a lost lead has a reason"));
		}
		Instant createdAt = lead.createdAt() != null ? lead.createdAt()
				: !lead.stages().isEmpty() ? lead.stages().get(0).enteredAt() : closedAt;
		if (createdAt != null && closedAt != null && createdAt.isAfter(closedAt)) {
			problems.add(new FieldProblem("createdAt", "is after closedAt"));
		}
		if (closedAt != null && closedAt.isAfter(ClockUtil.now().toInstant())) {
			problems.add(new FieldProblem("closedAt", "is in the future"));
		}
		Assignment routed = routing.route(new LeadDraft(lead.pipeline(), lead.owner(), lead.source(),
				lead.productLine(), lead.territory(), lead.value(), currency(lead).name()));
		Optional<Pipeline> pipeline = pipelines.find(lead.pipeline() != null ? lead.pipeline() : routed.pipelineKey());
		if (pipeline.isEmpty()) {
			problems.add(new FieldProblem("pipeline", "no pipeline with key '"
					+ (lead.pipeline() != null ? lead.pipeline() : routed.pipelineKey()) + "' is deployed"));
		}
		List<Pipeline.Stage> stages = pipeline.map(found -> stagesOf(lead, found, createdAt, closedAt, problems))
			.orElse(List.of());
		Map<String, Object> facts = facts(lead, problems);
		for (int i = 0; i < lead.facts().size(); i++) {
			Instant at = lead.facts().get(i).at();
			if (createdAt != null && closedAt != null && (at.isBefore(createdAt) || at.isAfter(closedAt))) {
				problems.add(
						new FieldProblem("facts[" + i + "].at", "lies outside the lead's life, createdAt to closedAt"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		LeadStatus status = "won".equals(lead.outcome()) ? LeadStatus.WON : LeadStatus.LOST;
		Pipeline.Stage last = stages.isEmpty() ? null : stages.get(stages.size() - 1);
		Instant lastEntered = lead.stages().isEmpty() ? null : lead.stages().get(lead.stages().size() - 1).enteredAt();
		Lead row = new Lead(UUID.randomUUID().toString(), lead.externalId(), lead.name(), lead.company(), lead.email(),
				lead.phone(), lead.value(), currency(lead), lead.territory(), lead.productLine(), lead.source(),
				lead.owner(), lead.expectedCloseDate(), status, lead.reason(), closedAt, pipeline.get().key(),
				pipeline.get().version(), pipeline.get().definitionId(), null, last == null ? null : last.id(),
				last == null ? null : last.name(), lastEntered, createdAt, closedAt, routed.valueTier(), "Imported",
				false, null);
		bits.ensure(pipeline.get());
		transaction.executeWithoutResult(tx -> {
			leads.insert(row);
			Map<String, Object> created = new LinkedHashMap<>();
			created.put("pipeline", row.pipelineKey());
			created.put("owner", row.owner());
			created.put("imported", true);
			events.append(row.id(), LeadEvents.CREATED, actor, created, createdAt);
			long stageMask = 0;
			for (int i = 0; i < stages.size(); i++) {
				Pipeline.Stage stage = stages.get(i);
				String visit = "import:" + row.id() + ":" + i;
				visits.enter(row.id(), row.pipelineKey(), stage.id(), stage.name(), visit,
						lead.stages().get(i).enteredAt());
				boolean lastOne = i == stages.size() - 1;
				visits.leave(row.id(), stage.id(), visit, lastOne ? status.json() : "completed",
						lastOne ? closedAt : lead.stages().get(i + 1).enteredAt());
				stageMask |= bits.of(row.pipelineKey(), stage.id());
			}
			leads.stagesEntered(row.id(), stageMask);
			visits.leadClosed(row.id(), closedAt);
			for (ImportedLead.Fact fact : lead.facts()) {
				events.append(row.id(), LeadEvents.FACTS_REPORTED, actor, Map.of(fact.name(), facts.get(fact.name())),
						fact.at());
			}
			// oldest first: the first report of a fact as true is the one kept
			lead.facts()
				.stream()
				.sorted(Comparator.comparing(ImportedLead.Fact::at))
				.forEach(fact -> firstFacts.reported(row.id(), Map.of(fact.name(), facts.get(fact.name())), fact.at()));
			Map<String, Object> closed = new LinkedHashMap<>();
			closed.put("value", row.value());
			closed.put("reason", row.closeReason());
			closed.put("by", ACTOR);
			events.append(row.id(), status == LeadStatus.WON ? LeadEvents.WON : LeadEvents.LOST, actor, closed,
					closedAt);
		});
		// committed: what was learned from the pipeline's closed leads is out of date
		publisher.publishEvent(new LeadsImported(Set.of(row.pipelineKey())));
		return row.id();
	}

	/** The pipeline's stages the lead passed, in the order and at the times given. */
	private static List<Pipeline.Stage> stagesOf(ImportedLead lead, Pipeline pipeline, Instant createdAt,
			Instant closedAt, List<FieldProblem> problems) {
		List<Pipeline.Stage> passed = new ArrayList<>();
		Instant previous = createdAt;
		for (int i = 0; i < lead.stages().size(); i++) {
			ImportedLead.Stage given = lead.stages().get(i);
			Optional<Pipeline.Stage> stage = pipeline.stages()
				.stream()
				.filter(candidate -> candidate.id().equals(given.id()))
				.findFirst();
			if (stage.isEmpty()) {
				problems.add(new FieldProblem("stages[" + i + "].id", "pipeline '" + pipeline.key() + "' has no stage '"
						+ given.id() + "'; GET /api/pipelines/" + pipeline.key() + " lists them"));
				continue;
			}
			if (previous != null && given.enteredAt().isBefore(previous)) {
				problems.add(new FieldProblem("stages[" + i + "].enteredAt",
						"is before " + (i == 0 ? "createdAt" : "the stage before it") + ": list the stages in order"));
			}
			if (closedAt != null && given.enteredAt().isAfter(closedAt)) {
				problems.add(new FieldProblem("stages[" + i + "].enteredAt", "is after closedAt"));
			}
			previous = given.enteredAt();
			passed.add(stage.get());
		}
		return passed;
	}

	/** The facts as values, each name once, refused as the API refuses them. */
	private static Map<String, Object> facts(ImportedLead lead, List<FieldProblem> problems) {
		if (lead.facts().isEmpty()) {
			return Map.of();
		}
		Map<String, Object> given = new LinkedHashMap<>();
		for (int i = 0; i < lead.facts().size(); i++) {
			ImportedLead.Fact fact = lead.facts().get(i);
			if (given.put(fact.name(), fact.value()) != null) {
				problems.add(new FieldProblem("facts[" + i + "].name", "'" + fact.name() + "' is given twice"));
			}
		}
		try {
			return LeadService.checkFacts(given);
		}
		catch (InvalidInput invalid) {
			invalid.errors()
				.forEach(error -> problems.add(new FieldProblem("facts." + error.field(), error.message())));
			return Map.of();
		}
	}

	private Currency currency(ImportedLead lead) {
		return lead.currency() == null ? properties.defaultCurrency() : lead.currency();
	}

}

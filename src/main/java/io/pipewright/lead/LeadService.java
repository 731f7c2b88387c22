package io.pipewright.lead;

import io.pipewright.api.FieldProblem;
import io.pipewright.api.InvalidInput;
import io.pipewright.api.PlainText;
import io.pipewright.pipeline.ConditionNotBoolean;
import io.pipewright.pipeline.GoalFacts;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.PipelineContract;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.routing.AssignTarget;
import io.pipewright.routing.Assignment;
import io.pipewright.routing.LeadDraft;
import io.pipewright.routing.Routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place with lead behaviour, for the API and the demo alike. Each call runs in
 * one transaction with the engine, so a lead and its process instance change together or
 * not at all.
 */
@Service
@EnableConfigurationProperties(LeadsProperties.class)
public class LeadService {

	private static final Pattern FACT_NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,63}");

	static final Set<String> RESERVED = Set.of(PipelineContract.STAGE_NAME, PipelineContract.STAGE_GUIDANCE,
			PipelineContract.GOAL_NAME, PipelineContract.GOAL_FACTS, "execution", "task", "true", "false", "null",
			"empty", "not", "and", "or", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "instanceof");

	private static final int MAX_FACT_TEXT = 4000;

	private static final int ATTEMPTS = 3;

	private final Leads leads;

	private final StageVisits visits;

	private final FirstFacts firstFacts;

	private final StageBits bits;

	private final LeadEvents events;

	private final Routing routing;

	private final Pipelines pipelines;

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	private final IdentityService identity;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher publisher;

	private final LeadsProperties properties;

	private final LeadTimeline timeline;

	private final AuthorizationService authorizations;

	private final TransactionTemplate reading;

	private final AnswerReads answerReads;

	LeadService(Leads leads, StageVisits visits, LeadEvents events, Routing routing, Pipelines pipelines,
			RuntimeService runtime, TaskService tasks, HistoryService history, IdentityService identity,
			TransactionTemplate transaction, ApplicationEventPublisher publisher, LeadsProperties properties,
			LeadTimeline timeline, AuthorizationService authorizations, StageBits bits, AnswerReads answerReads,
			FirstFacts firstFacts) {
		this.firstFacts = firstFacts;
		this.answerReads = answerReads;
		this.authorizations = authorizations;
		this.bits = bits;
		this.leads = leads;
		this.visits = visits;
		this.events = events;
		this.routing = routing;
		this.pipelines = pipelines;
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
		this.identity = identity;
		this.transaction = transaction;
		this.reading = new TransactionTemplate(transaction.getTransactionManager());
		this.publisher = publisher;
		this.properties = properties;
		this.timeline = timeline;
	}

	/**
	 * The lead, and whether this call created it (false: one with the same externalId
	 * already existed).
	 */
	public record Created(LeadView lead, boolean created) {
	}

	public Created create(NewLead input, String actor) {
		if (input.externalId() != null) {
			Optional<Lead> existing = leads.findByExternalId(input.externalId());
			if (existing.isPresent()) {
				return new Created(view(existing.get()), false);
			}
		}
		// outside the transaction: the routing tables run on the engine and must not
		// share
		// the fate of the insert
		Assignment assignment = routing.route(new LeadDraft(input.pipeline(), input.owner(), input.source(),
				input.productLine(), input.territory(), input.value(), currency(input).name()));
		pipelines.find(assignment.pipelineKey()).ifPresent(bits::ensure);
		try {
			String id = transaction.execute(status -> insertAndStart(input, actor, assignment));
			return new Created(view(id), true);
		}
		catch (DuplicateKeyException ex) {
			// the same externalId arrived twice at once; the first one won
			return leads.findByExternalId(input.externalId())
				.map(lead -> new Created(view(lead), false))
				.orElseThrow(() -> ex);
		}
	}

	private Currency currency(NewLead input) {
		return input.currency() == null ? properties.defaultCurrency() : input.currency();
	}

	private String insertAndStart(NewLead input, String actor, Assignment assignment) {
		List<FieldProblem> problems = new ArrayList<>();
		Optional<Pipeline> pipeline = pipelines.find(assignment.pipelineKey());
		if (pipeline.isEmpty()) {
			problems.add(new FieldProblem("pipeline",
					input.pipeline() != null
							? "no pipeline with key '" + assignment.pipelineKey()
									+ "' is deployed; GET /api/pipelines lists them"
							: assignment.reason() + " The fallback pipeline is not deployed either."));
		}
		if (Objects.equals(input.owner(), assignment.owner())) {
			checkUser(assignment.owner(), problems);
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		Instant now = ClockUtil.now().toInstant();
		Lead lead = new Lead(UUID.randomUUID().toString(), input.externalId(), input.name(), input.company(),
				input.email(), input.phone(), input.value(), currency(input), input.territory(), input.productLine(),
				input.source(), assignment.owner(), input.expectedCloseDate(), LeadStatus.OPEN, null, null,
				pipeline.get().key(), pipeline.get().version(), pipeline.get().definitionId(), null, null, null, null,
				now, now, assignment.valueTier(), assignment.reason(), assignment.fallback(), null);
		leads.insert(lead);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("pipeline", lead.pipelineKey());
		detail.put("owner", lead.owner());
		detail.put("valueTier", assignment.valueTier());
		routing(detail, assignment);
		events.append(lead.id(), LeadEvents.CREATED, actor, detail, now);
		String processInstanceId = runtime.createProcessInstanceById(lead.processDefinitionId())
			.businessKey(lead.id())
			.setVariables(variables(lead))
			.execute()
			.getId();
		leads.started(lead.id(), processInstanceId);
		publisher.publishEvent(new LeadCreated(lead.id(), lead.pipelineKey(), lead.owner(), assignment.reason()));
		return lead.id();
	}

	public LeadView get(String id) {
		return view(id);
	}

	/** Everything that happened to the lead, oldest first. */
	public List<TimelineEntry> timeline(String id) {
		find(id);
		return timeline.of(id);
	}

	/**
	 * How often each of these leads' expected close date moved later (the board's and the
	 * warnings' "slipped" sign); leads whose date never did are missing.
	 */
	public Map<String, Integer> closeDateSlips(Collection<String> leadIds) {
		return events.closeDateSlips(leadIds);
	}

	/** The lead as Pipewright keeps it, read without touching the engine. */
	public Optional<Lead> stored(String id) {
		return leads.find(id);
	}

	/**
	 * The owner of the lead if it is open; read once a transaction, as each stage a lead
	 * passes asks.
	 */
	public Optional<String> ownerIfOpen(String id) {
		return leads.ownerIfOpen(id);
	}

	/** The owner of the lead; read once a transaction. */
	public Optional<String> owner(String id) {
		return leads.owner(id);
	}

	/** The lead's name, company and email, read without touching the engine. */
	public Optional<LeadContact> contact(String id) {
		return leads.find(id).map(LeadService::contact);
	}

	/** The contacts of many leads in one query, by lead id; unknown ids are left out. */
	public Map<String, LeadContact> contacts(Collection<String> ids) {
		return leads.findAll(ids).stream().collect(Collectors.toMap(Lead::id, LeadService::contact));
	}

	private static LeadContact contact(Lead lead) {
		return new LeadContact(lead.id(), lead.name(), lead.company(), lead.email());
	}

	public LeadPage list(LeadFilter filter, int page, int size) {
		return leads.page(filter, page, size);
	}

	/**
	 * Reports facts; the engine evaluates every goal at once, so the returned lead may
	 * have moved on.
	 */
	public LeadView reportFacts(String id, Map<String, Object> facts, String actor) {
		Map<String, Object> values = checkFacts(facts);
		try {
			setFacts(id, values, actor);
		}
		catch (ConditionNotBoolean ex) {
			// rolled back: explain it as the fact that the pipeline cannot read
			List<String> read = GoalFacts.of(ex.condition());
			List<FieldProblem> problems = values.keySet()
				.stream()
				.filter(read::contains)
				.map(name -> new FieldProblem(name,
						"the pipeline reads it in " + ex.condition() + ", which needs true or false, not '"
								+ values.get(name) + "'"))
				.toList();
			throw new InvalidInput(problems.isEmpty() ? List.of(new FieldProblem("facts", ex.getMessage())) : problems);
		}
		return view(id);
	}

	private void setFacts(String id, Map<String, Object> values, String actor) {
		retrying(() -> transaction.execute(status -> {
			Lead lead = openLead(id);
			if (lead.processInstanceId() == null) {
				throw new PipelineEnded(lead);
			}
			// recorded first: the report is the cause of whatever the goals do next
			Instant at = ClockUtil.now().toInstant();
			events.append(id, LeadEvents.FACTS_REPORTED, actor, values, at);
			try {
				DirectReports.own(() -> runtime.setVariables(lead.processInstanceId(), values));
			}
			catch (ProcessEngineException ex) {
				// asked only now, as it is rare: an open lead whose process has ended
				if (!running(lead)) {
					throw new PipelineEnded(lead);
				}
				throw ex;
			}
			// after the engine's write: a report racing this one on the same lead has
			// waited for it, failed on its version and is tried again
			firstFacts.reported(id, values, at);
			publisher.publishEvent(new FactsReported(id, values, actor, at));
			return null;
		}));
	}

	public LeadView change(String id, LeadChanges changes, String actor) {
		retrying(() -> transaction.execute(status -> {
			Lead lead = find(id);
			if (lead.erasedAt() != null) {
				throw new LeadErased(lead);
			}
			Lead changed = apply(lead, changes);
			List<FieldProblem> problems = new ArrayList<>();
			if (!Objects.equals(lead.owner(), changed.owner())) {
				checkUser(changed.owner(), problems);
				changed = changed.assigned(changed.owner(), "Owner: set by " + actor + ".", false, changed.updatedAt());
			}
			if (!problems.isEmpty()) {
				throw new InvalidInput(problems);
			}
			if (!Objects.equals(lead.value(), changed.value()) || lead.currency() != changed.currency()) {
				changed = changed.withValueTier(routing.valueTier(draft(changed)));
			}
			record(lead, changed, actor);
			leads.update(changed);
			if (running(lead)) {
				Map<String, Object> before = variables(lead);
				Map<String, Object> after = variables(changed);
				after.entrySet().removeIf(e -> Objects.equals(before.get(e.getKey()), e.getValue()));
				if (!after.isEmpty()) {
					runtime.setVariables(lead.processInstanceId(), after);
				}
				if (!Objects.equals(lead.owner(), changed.owner())) {
					handOver(lead, changed.owner());
				}
			}
			return null;
		}));
		return view(id);
	}

	/**
	 * An assign-lead task, inside the engine's transaction: the rules pick the owner, and
	 * open tasks that followed the old owner follow the new one. Recorded whoever is
	 * picked, with why.
	 */
	void assignByPipeline(String id, AssignTarget target, DelegateExecution execution) {
		Lead lead = find(id);
		Assignment assignment = routing.reassign(draft(lead), lead.valueTier(), target);
		Instant now = ClockUtil.now().toInstant();
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("from", lead.owner());
		detail.put("to", assignment.owner());
		detail.put("stage", lead.stageName());
		routing(detail, assignment);
		events.append(id, LeadEvents.OWNER_ASSIGNED, null, detail, now);
		boolean changed = !Objects.equals(lead.owner(), assignment.owner());
		// an owner kept as the rules say keeps the reason they have the lead; a change,
		// or
		// a table that could not be followed, shows on the lead
		if (changed || assignment.fallback()) {
			leads.update(lead.assigned(assignment.owner(), assignment.reason(), assignment.fallback(), now)
				.withValueTier(assignment.valueTier()));
		}
		if (changed) {
			execution.getProcessInstance().setVariable(PipelineContract.OWNER, assignment.owner());
			handOver(lead, assignment.owner());
		}
	}

	/** Why routing chose as it did, as the timeline keeps it. */
	private static void routing(Map<String, Object> detail, Assignment assignment) {
		detail.put("team", assignment.team());
		detail.put("routing", assignment.reason());
		detail.put("fallback", assignment.fallback());
		detail.put("candidates", assignment.candidates());
	}

	public LeadView win(String id, BigDecimal value, String actor) {
		return close(id, LeadStatus.WON, null, value, actor);
	}

	public LeadView lose(String id, String reason, String actor) {
		return close(id, LeadStatus.LOST, reason, null, actor);
	}

	private LeadView close(String id, LeadStatus outcome, String reason, BigDecimal value, String actor) {
		retrying(() -> transaction.execute(status -> {
			closeWithin(id, outcome, reason, value, actor);
			return null;
		}));
		return view(id);
	}

	/**
	 * Closes an open lead as {@link #win} and {@link #lose} do, in the caller's
	 * transaction: the pipeline is told (or its process ended), so its stage is left the
	 * way a won or lost lead's is.
	 */
	void closeWithin(String id, LeadStatus outcome, String reason, BigDecimal value, String actor) {
		Lead lead = openLead(id);
		Instant now = ClockUtil.now().toInstant();
		// status first: the stage end listeners that the message triggers read it to
		// say why the stage ended
		String tier = value == null ? null : routing.valueTier(draft(lead.withValue(value)));
		if (!leads.close(id, outcome, reason, value, tier, now)) {
			throw new LeadAlreadyClosed(find(id));
		}
		stampClosed(id, now);
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("stage", lead.stageId());
		detail.put("value", value);
		detail.put("reason", reason);
		events.append(id, outcome == LeadStatus.WON ? LeadEvents.WON : LeadEvents.LOST, actor, detail, now);
		if (lead.processInstanceId() != null) {
			String message = outcome == LeadStatus.WON ? PipelineContract.LEAD_WON : PipelineContract.LEAD_LOST;
			Map<String, Object> variables = new HashMap<>();
			if (value != null) {
				variables.put(PipelineContract.VALUE, value.doubleValue());
			}
			// ask first: a failed correlation would mark the whole transaction for
			// rollback; a process that waits for the message is running
			boolean caught = runtime.createEventSubscriptionQuery()
				.processInstanceId(lead.processInstanceId())
				.eventType("message")
				.eventName(message)
				.count() > 0;
			if (caught) {
				runtime.createMessageCorrelation(message)
					.processInstanceId(lead.processInstanceId())
					.setVariables(variables)
					.correlateWithResult();
			}
			else if (running(lead)) {
				// the pipeline does not catch the message: close it anyway, so no
				// lead is ever stuck
				runtime.deleteProcessInstance(lead.processInstanceId(), "Lead " + outcome.json() + " through the API");
			}
		}
		publisher.publishEvent(new LeadClosed(id, outcome, reason, actor));
	}

	/**
	 * Called by the engine glue when a pipeline reaches an end event with an outcome of
	 * its own; a lost one may give the reason, as a lost lead's caller does.
	 */
	void outcomeReached(String id, LeadStatus outcome, String reason, Instant at) {
		// closed already in this transaction (won or lost through the API): nothing to
		// close
		if (leads.status(id).orElse(null) == LeadStatus.OPEN && leads.close(id, outcome, reason, null, null, at)) {
			stampClosed(id, at);
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("by", "pipeline");
			if (reason != null) {
				detail.put("reason", reason);
			}
			events.append(id, outcome == LeadStatus.WON ? LeadEvents.WON : LeadEvents.LOST, null, detail, at);
			publisher.publishEvent(new LeadClosed(id, outcome, reason, null));
		}
		visits.interruptedAs(id, outcome.json());
	}

	/** The lead's visits and first facts carry its close time, as insight reads them. */
	private void stampClosed(String id, Instant at) {
		visits.leadClosed(id, at);
		firstFacts.leadClosed(id, at);
	}

	private LeadView view(String id) {
		return reading(() -> view(find(id)));
	}

	private LeadView view(Lead lead) {
		return reading(() -> LeadView.of(lead, facts(lead), openTasks(lead), visits.passed(lead.id()),
				events.closeDateChanges(lead.id())));
	}

	/**
	 * The answer's reads on one connection in one transaction, not one each (a dozen
	 * round trips, commits and pool checkouts a call), always rolled back as it only
	 * reads: an engine read that fails on something ended meanwhile marks the
	 * transaction, which must not then fail the commit. Inside a caller's transaction
	 * they simply join it.
	 */
	private LeadView reading(Supplier<LeadView> read) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return read.get();
		}
		return reading.execute(status -> {
			try {
				return read.get();
			}
			finally {
				status.setRollbackOnly();
			}
		});
	}

	private Map<String, Object> facts(Lead lead) {
		Map<String, Object> facts = new TreeMap<>();
		if (lead.processInstanceId() == null) {
			return facts;
		}
		// a running process always holds the lead's fields; an ended one has no
		// variables left, and its history holds them
		Map<String, Object> running = answerReads.processVariables(lead.processInstanceId());
		if (!running.isEmpty()) {
			facts.putAll(running);
		}
		else {
			history.createHistoricVariableInstanceQuery()
				.processInstanceId(lead.processInstanceId())
				.activityInstanceIdIn(lead.processInstanceId())
				.list()
				.forEach(v -> facts.put(v.getName(), v.getValue()));
		}
		facts.keySet().removeAll(PipelineContract.LEAD_FIELDS);
		return facts;
	}

	private List<LeadView.OpenTask> openTasks(Lead lead) {
		if (lead.processInstanceId() == null) {
			return List.of();
		}
		return answerReads.openTasks(lead.processInstanceId());
	}

	private boolean running(Lead lead) {
		return lead.processInstanceId() != null
				&& runtime.createProcessInstanceQuery().processInstanceId(lead.processInstanceId()).count() > 0;
	}

	private Lead find(String id) {
		return leads.find(id).orElseThrow(() -> new UnknownLead(id));
	}

	private Lead openLead(String id) {
		Lead lead = find(id);
		if (!lead.isOpen()) {
			throw new LeadAlreadyClosed(lead);
		}
		return lead;
	}

	/** Tasks that followed the owner by default follow the new owner. */
	private void handOver(Lead lead, String newOwner) {
		if (lead.owner() == null) {
			tasks.createTaskQuery()
				.processInstanceId(lead.processInstanceId())
				.taskUnassigned()
				.list()
				.stream()
				.filter(task -> tasks.getIdentityLinksForTask(task.getId())
					.stream()
					.noneMatch(link -> IdentityLinkType.CANDIDATE.equals(link.getType())))
				.forEach(task -> tasks.setAssignee(task.getId(), newOwner));
			return;
		}
		tasks.createTaskQuery()
			.processInstanceId(lead.processInstanceId())
			.taskAssignee(lead.owner())
			.list()
			.forEach(task -> {
				tasks.setAssignee(task.getId(), newOwner);
				// the engine grants the new assignee the task but leaves the old one's
				// grant:
				// a lead handed over leaves its old owner's Tasklist
				authorizations.createAuthorizationQuery()
					.resourceType(Resources.TASK)
					.resourceId(task.getId())
					.userIdIn(lead.owner())
					.list()
					.forEach(grant -> authorizations.deleteAuthorization(grant.getId()));
			});
	}

	private void record(Lead before, Lead after, String actor) {
		Instant now = after.updatedAt();
		if (!Objects.equals(before.owner(), after.owner())) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("from", before.owner());
			detail.put("to", after.owner());
			events.append(before.id(), LeadEvents.OWNER_CHANGED, actor, detail, now);
		}
		if (!Objects.equals(before.expectedCloseDate(), after.expectedCloseDate())) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("from", Objects.toString(before.expectedCloseDate(), null));
			detail.put("to", Objects.toString(after.expectedCloseDate(), null));
			events.append(before.id(), LeadEvents.CLOSE_DATE_CHANGED, actor, detail, now);
		}
		Map<String, Object> changed = new LinkedHashMap<>();
		diff(changed, "name", before.name(), after.name());
		diff(changed, "company", before.company(), after.company());
		diff(changed, "email", before.email(), after.email());
		diff(changed, "phone", before.phone(), after.phone());
		diff(changed, "value", before.value(), after.value());
		diff(changed, "currency", before.currency(), after.currency());
		diff(changed, "territory", before.territory(), after.territory());
		diff(changed, "productLine", before.productLine(), after.productLine());
		diff(changed, "source", before.source(), after.source());
		if (!changed.isEmpty()) {
			events.append(before.id(), LeadEvents.FIELDS_CHANGED, actor, changed, now);
		}
	}

	private static void diff(Map<String, Object> into, String field, Object before, Object after) {
		boolean same = before instanceof BigDecimal a && after instanceof BigDecimal b ? a.compareTo(b) == 0
				: Objects.equals(before, after);
		if (!same) {
			Map<String, Object> change = new LinkedHashMap<>();
			change.put("from", before == null ? null : before.toString());
			change.put("to", after == null ? null : after.toString());
			into.put(field, change);
		}
	}

	private Lead apply(Lead lead, LeadChanges c) {
		List<FieldProblem> problems = new ArrayList<>();
		if (c.name() != null && c.name().isEmpty()) {
			problems.add(new FieldProblem("name", "must not be null: a lead always has a name"));
		}
		if (c.currency() != null && c.currency().isEmpty()) {
			problems.add(new FieldProblem("currency", "must not be null"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return new Lead(lead.id(), lead.externalId(), text(c.name(), lead.name()), text(c.company(), lead.company()),
				text(c.email(), lead.email()), text(c.phone(), lead.phone()), pick(c.value(), lead.value()),
				pick(c.currency(), lead.currency()), text(c.territory(), lead.territory()),
				text(c.productLine(), lead.productLine()), text(c.source(), lead.source()),
				text(c.owner(), lead.owner()), pick(c.expectedCloseDate(), lead.expectedCloseDate()), lead.status(),
				lead.closeReason(), lead.closedAt(), lead.pipelineKey(), lead.pipelineVersion(),
				lead.processDefinitionId(), lead.processInstanceId(), lead.stageId(), lead.stageName(),
				lead.stageEnteredAt(), lead.createdAt(), ClockUtil.now().toInstant(), lead.valueTier(),
				lead.assignmentReason(), lead.assignmentFallback(), lead.erasedAt());
	}

	/** The lead as routing reads it. */
	private static LeadDraft draft(Lead lead) {
		return new LeadDraft(lead.pipelineKey(), lead.owner(), lead.source(), lead.productLine(), lead.territory(),
				lead.value(), lead.currency().name());
	}

	private static String text(Optional<String> change, String current) {
		return change == null ? current : change.map(NewLead::blankToNull).orElse(null);
	}

	private static <T> T pick(Optional<T> change, T current) {
		return change == null ? current : change.orElse(null);
	}

	private void checkUser(String userId, List<FieldProblem> problems) {
		if (userId != null && identity.createUserQuery().userId(userId).count() == 0) {
			problems.add(new FieldProblem("owner", "no user '" + userId + "'; owners are the engine's users"));
		}
	}

	static Map<String, Object> checkFacts(Map<String, Object> facts) {
		if (facts == null || facts.isEmpty()) {
			throw new InvalidInput("facts", "send at least one fact, e.g. {\"meetingBooked\": true}");
		}
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Object> values = new LinkedHashMap<>();
		facts.forEach((name, value) -> {
			if (!FACT_NAME.matcher(name).matches()) {
				problems.add(new FieldProblem(name,
						"is not a fact name: use camelCase letters and digits, starting with a lower-case letter (at most 64)"));
			}
			else if (PipelineContract.LEAD_FIELDS.contains(name)) {
				problems
					.add(new FieldProblem(name, "is a lead field, not a fact: change it with PATCH /api/leads/{id}"));
			}
			else if (RESERVED.contains(name)) {
				problems.add(new FieldProblem(name, "is reserved and cannot be a fact name"));
			}
			else {
				Object converted = factValue(value);
				if (converted == null) {
					problems.add(new FieldProblem(name,
							"must be true, false, a number or a plain text (no control characters but tabs and line breaks) of at most "
									+ MAX_FACT_TEXT + " characters"));
				}
				else {
					values.put(name, converted);
				}
			}
		});
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems);
		}
		return values;
	}

	private static Object factValue(Object value) {
		if (value instanceof Boolean) {
			return value;
		}
		if (value instanceof String text) {
			return text.length() <= MAX_FACT_TEXT && PlainText.Check.isPlain(text, true) ? text : null;
		}
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue();
		}
		if (value instanceof BigInteger big) {
			return big.bitLength() < 64 ? big.longValue() : null;
		}
		if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
			double d = ((Number) value).doubleValue();
			return Double.isFinite(d) ? d : null;
		}
		return null;
	}

	private static Map<String, Object> variables(Lead lead) {
		Map<String, Object> v = new HashMap<>();
		v.put(PipelineContract.LEAD_ID, lead.id());
		v.put(PipelineContract.NAME, lead.name());
		v.put(PipelineContract.COMPANY, lead.company());
		v.put(PipelineContract.EMAIL, lead.email());
		v.put(PipelineContract.PHONE, lead.phone());
		// a double, because the engine has no decimal variable type; the exact amount
		// stays in pw_lead
		v.put(PipelineContract.VALUE, lead.value() == null ? null : lead.value().doubleValue());
		v.put(PipelineContract.CURRENCY, lead.currency().name());
		v.put(PipelineContract.OWNER, lead.owner());
		v.put(PipelineContract.TERRITORY, lead.territory());
		v.put(PipelineContract.PRODUCT_LINE, lead.productLine());
		v.put(PipelineContract.SOURCE, lead.source());
		return v;
	}

	static void retrying(Supplier<?> work) {
		for (int attempt = 1;; attempt++) {
			try {
				work.get();
				return;
			}
			catch (OptimisticLockingException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

}

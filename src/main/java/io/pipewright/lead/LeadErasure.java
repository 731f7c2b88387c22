package io.pipewright.lead;

import io.pipewright.pipeline.PipelineContract;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a person's data on request, in one transaction: an open lead is first closed as
 * lost (its stage left as a lost lead's is), the engine's runtime and history of the
 * lead's process instances are deleted, and the lead's own rows keep what insight and
 * routing count by (status, outcome, value, currency, territory, product line, source,
 * owner, dates, stages passed, fact names) but lose the person (name, company, email,
 * phone, external id, fact values). Listeners of {@link PersonalDataErased} remove the
 * copies other features hold; the list sync deletes the person from MailChimp for good.
 * Erasing an erased lead does nothing.
 */
@Service
public class LeadErasure {

	/** Why an open lead is lost when its person's data is erased. */
	public static final String REASON = "Personal data erased on request";

	/** The name an erased lead keeps, as a lead always has one. */
	public static final String ERASED_NAME = "Erased";

	/** Fields whose old and new values a field change keeps: the person's. */
	private static final Set<String> PERSONAL_FIELDS = Set.of("name", "company", "email", "phone", "externalId");

	private final Leads leads;

	private final LeadEvents events;

	private final StageVisits visits;

	private final LeadService service;

	private final RuntimeService runtime;

	private final HistoryService history;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher publisher;

	private final FirstFacts firstFacts;

	LeadErasure(Leads leads, LeadEvents events, StageVisits visits, LeadService service, RuntimeService runtime,
			HistoryService history, TransactionTemplate transaction, ApplicationEventPublisher publisher,
			FirstFacts firstFacts) {
		this.firstFacts = firstFacts;
		this.leads = leads;
		this.events = events;
		this.visits = visits;
		this.service = service;
		this.runtime = runtime;
		this.history = history;
		this.transaction = transaction;
		this.publisher = publisher;
	}

	/**
	 * Erases the person's data of the lead; does nothing if it was erased before.
	 * @throws UnknownLead if no lead has that id
	 */
	public void erase(String id, String actor) {
		LeadService.retrying(() -> transaction.execute(status -> {
			eraseWithin(id, actor);
			return null;
		}));
	}

	private void eraseWithin(String id, String actor) {
		Instant now = ClockUtil.now().toInstant();
		// first: the row stays locked, so nothing closes or changes the lead meanwhile
		if (!leads.markErased(id, now)) {
			if (leads.find(id).isEmpty()) {
				throw new UnknownLead(id);
			}
			return;
		}
		Lead lead = leads.find(id).orElseThrow(() -> new UnknownLead(id));
		Set<String> processInstances = processInstances(lead);
		// read before anything is deleted or scrubbed: the old values say what to look
		// for
		PersonalData person = personalData(lead, events.of(id), processInstances);
		if (lead.isOpen()) {
			service.closeWithin(id, LeadStatus.LOST, REASON, null, actor);
		}
		eraseFromEngine(processInstances);
		// after the close and its stage changes, so the erasure is the lead's last event
		Instant done = ClockUtil.now().toInstant();
		Lead closed = leads.find(id).orElseThrow(() -> new UnknownLead(id));
		leads.anonymise(id, ERASED_NAME, person.scrub(closed.closeReason()), person.scrub(closed.assignmentReason()),
				done);
		firstFacts.erased(id);
		for (LeadEvents.Stored event : events.of(id)) {
			Map<String, Object> detail = scrubbed(event, person);
			if (!Objects.equals(detail, event.detail())) {
				events.rewrite(event.id(), detail);
			}
		}
		// a task named by an expression, "Call ${name}", kept the name
		visits.taskNames(id).forEach((task, name) -> {
			String scrubbed = person.scrub(name);
			if (!scrubbed.equals(name)) {
				visits.renameTask(task, scrubbed);
			}
		});
		visits.visitNames(id).forEach((visit, name) -> {
			String scrubbed = person.scrub(name);
			if (!Objects.equals(scrubbed, name)) {
				visits.renameVisit(visit, scrubbed);
			}
		});
		events.append(id, LeadEvents.ERASED, actor, Map.of(), done);
		publisher.publishEvent(new PersonalDataErased(id, person));
	}

	/**
	 * The lead's process instance, any other started with its id as business key, and
	 * every process instance they called, parents first.
	 */
	private Set<String> processInstances(Lead lead) {
		Deque<String> next = new ArrayDeque<>();
		if (lead.processInstanceId() != null) {
			next.add(lead.processInstanceId());
		}
		history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(lead.id())
			.list()
			.forEach(instance -> next.add(instance.getId()));
		runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(lead.id())
			.list()
			.forEach(instance -> next.add(instance.getId()));
		Set<String> found = new LinkedHashSet<>();
		while (!next.isEmpty()) {
			String id = next.poll();
			if (found.add(id)) {
				history.createHistoricProcessInstanceQuery()
					.superProcessInstanceId(id)
					.list()
					.stream()
					.map(HistoricProcessInstance::getId)
					.forEach(next::add);
				runtime.createProcessInstanceQuery()
					.superProcessInstanceId(id)
					.list()
					.stream()
					.map(ProcessInstance::getId)
					.forEach(next::add);
			}
		}
		return found;
	}

	/**
	 * Everything the lead holds or held of the person: its fields now, their old values
	 * in field changes, and the texts of its facts, reported through the API or set in
	 * the engine (a Tasklist form, say).
	 */
	private PersonalData personalData(Lead lead, List<LeadEvents.Stored> recorded, Set<String> processInstances) {
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		List<String> emails = new ArrayList<>();
		names.add(lead.name());
		values.addAll(Arrays.asList(lead.company(), lead.email(), lead.phone(), lead.externalId()));
		emails.add(lead.email());
		for (LeadEvents.Stored event : recorded) {
			if (event.detail() == null) {
				continue;
			}
			if (LeadEvents.FIELDS_CHANGED.equals(event.type())) {
				event.detail().forEach((field, change) -> {
					if (PERSONAL_FIELDS.contains(field) && change instanceof Map<?, ?> fromTo) {
						for (Object old : Arrays.asList(fromTo.get("from"), fromTo.get("to"))) {
							if (old instanceof String text) {
								(field.equals("name") ? names : values).add(text);
								if (field.equals("email")) {
									emails.add(text);
								}
							}
						}
					}
				});
			}
			else if (LeadEvents.FACTS_REPORTED.equals(event.type())) {
				event.detail()
					.values()
					.stream()
					.filter(String.class::isInstance)
					.map(String.class::cast)
					.forEach(values::add);
			}
		}
		if (!processInstances.isEmpty()) {
			history.createHistoricVariableInstanceQuery()
				.processInstanceIdIn(processInstances.toArray(String[]::new))
				.list()
				.stream()
				// the process's own variables: facts, however they were set; task and
				// service task variables are the model's texts
				.filter(variable -> Objects.equals(variable.getActivityInstanceId(), variable.getProcessInstanceId()))
				.filter(variable -> !PipelineContract.LEAD_FIELDS.contains(variable.getName()))
				.map(variable -> variable.getValue())
				.filter(String.class::isInstance)
				.map(String.class::cast)
				.forEach(values::add);
		}
		return PersonalData.of(names, values, emails);
	}

	/**
	 * Deletes the process instances, running ones first (their stage listeners close the
	 * lead's visits as its status says), then their whole history: variables and their
	 * updates, activities, tasks, comments, attachments, incidents, job logs, the
	 * decisions they evaluated and the user operation log about them.
	 */
	private void eraseFromEngine(Set<String> processInstances) {
		if (processInstances.isEmpty()) {
			return;
		}
		for (String id : processInstances) {
			// parents first: deleting one deletes the instances it called
			if (runtime.createProcessInstanceQuery().processInstanceId(id).count() > 0) {
				runtime.deleteProcessInstance(id, REASON);
			}
		}
		for (String id : processInstances) {
			history.createHistoricDecisionInstanceQuery()
				.processInstanceId(id)
				.list()
				.forEach(decision -> history.deleteHistoricDecisionInstanceByInstanceId(decision.getId()));
		}
		history.deleteHistoricProcessInstancesIfExists(new ArrayList<>(processInstances));
		// an updated comment or task keeps its old and new text in the operation log
		for (String id : processInstances) {
			history.createUserOperationLogQuery()
				.processInstanceId(id)
				.list()
				.forEach(entry -> history.deleteUserOperationLogEntry(entry.getId()));
		}
	}

	/**
	 * An event's detail without the person: fact values and the person's field changes
	 * emptied (their names stay), and the person's data cut out of every text left.
	 */
	private static Map<String, Object> scrubbed(LeadEvents.Stored event, PersonalData person) {
		if (event.detail() == null) {
			return null;
		}
		Map<String, Object> detail = new LinkedHashMap<>(event.detail());
		if (LeadEvents.FACTS_REPORTED.equals(event.type())) {
			detail.replaceAll((fact, value) -> null);
		}
		else if (LeadEvents.FIELDS_CHANGED.equals(event.type())) {
			detail.replaceAll((field, change) -> PERSONAL_FIELDS.contains(field) ? emptyChange() : change);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> scrubbed = (Map<String, Object>) scrubbed(detail, person);
		return scrubbed;
	}

	private static Map<String, Object> emptyChange() {
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("from", null);
		change.put("to", null);
		return change;
	}

	private static Object scrubbed(Object value, PersonalData person) {
		if (value instanceof String text) {
			return person.scrub(text);
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, inner) -> copy.put(key, scrubbed(inner, person)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(inner -> scrubbed(inner, person)).toList();
		}
		return value;
	}

}

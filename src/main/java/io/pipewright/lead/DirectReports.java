package io.pipewright.lead;

import io.pipewright.pipeline.FactWritten;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Facts reported to a lead's process directly, not through Pipewright's API: a rep
 * ticking a goal's facts in a stage task's form in Tasklist, an integration setting a
 * variable through engine-rest. They are recorded as the API records a report, so the
 * timeline, insight's time to a decision and the win model see them: one "facts reported"
 * entry a lead and transaction (all that one form submitted), by the engine's user, and
 * each fact's first true. Pipewright's own reports record themselves, with their API
 * caller.
 */
@Component
class DirectReports {

	/** Set while Pipewright writes facts it records itself. */
	private static final ThreadLocal<Boolean> OWN = new ThreadLocal<>();

	private final Leads leads;

	private final LeadEvents events;

	private final FirstFacts firstFacts;

	private final ApplicationEventPublisher publisher;

	DirectReports(Leads leads, LeadEvents events, FirstFacts firstFacts, ApplicationEventPublisher publisher) {
		this.leads = leads;
		this.events = events;
		this.firstFacts = firstFacts;
		this.publisher = publisher;
	}

	/** Runs a write of facts that the caller records itself. */
	static void own(Runnable write) {
		OWN.set(Boolean.TRUE);
		try {
			write.run();
		}
		finally {
			OWN.remove();
		}
	}

	@EventListener
	void on(FactWritten fact) {
		if (OWN.get() != null || LeadService.RESERVED.contains(fact.name())
				|| !leads.status(fact.leadId()).filter(LeadStatus.OPEN::equals).isPresent()) {
			return;
		}
		Reports reports = InTransaction.of(Reports.class, Reports::new);
		Report report = reports == null ? null : reports.byLead.get(fact.leadId());
		if (report == null) {
			Map<String, Object> values = new LinkedHashMap<>();
			values.put(fact.name(), fact.value());
			long id = events.appendForRewrite(fact.leadId(), LeadEvents.FACTS_REPORTED, fact.by(), values, fact.at());
			report = new Report(id, values, fact);
			if (reports == null) {
				announce(report);
			}
			else {
				reports.byLead.put(fact.leadId(), report);
			}
		}
		else {
			// one form's facts are one report
			report.values().put(fact.name(), fact.value());
			events.rewrite(report.eventId(), report.values());
		}
		if (Boolean.TRUE.equals(fact.value())) {
			firstFacts.reported(fact.leadId(), Map.of(fact.name(), true), fact.at());
		}
	}

	private void announce(Report report) {
		FactWritten first = report.first();
		publisher.publishEvent(new FactsReported(first.leadId(),
				Collections.unmodifiableMap(new LinkedHashMap<>(report.values())), first.by(), first.at()));
	}

	/**
	 * This transaction's direct reports by lead, announced once all of each is known,
	 * still in the transaction.
	 */
	private final class Reports implements TransactionSynchronization {

		private final Map<String, Report> byLead = new LinkedHashMap<>();

		@Override
		public void beforeCommit(boolean readOnly) {
			byLead.values().forEach(DirectReports.this::announce);
		}

	}

	private record Report(long eventId, Map<String, Object> values, FactWritten first) {
	}

}

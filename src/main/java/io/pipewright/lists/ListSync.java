package io.pipewright.lists;

import io.pipewright.lead.LeadContact;
import io.pipewright.lead.LeadService;
import io.pipewright.lists.mailchimp.BatchReply;
import io.pipewright.lists.mailchimp.MailChimp;
import io.pipewright.lists.mailchimp.Reply;
import io.pipewright.lists.mailchimp.Subscription;
import io.pipewright.operations.WorkerThreads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings MailChimp to the list memberships pipelines want. Works from
 * {@code pw_list_change} only, so it is safe on several nodes of one database: a node
 * claims a change before sending it, and a claim runs out, so a dead node leaves nothing
 * stuck. Only the newest change of a lead and list is sent, never while an older one is
 * in flight. Throttling, server errors and lost connections are retried with backoff;
 * what MailChimp refuses is marked failed with its reason.
 * <p>
 * A backlog for one audience (at least {@code batch-threshold} changes that may be sent
 * in one poll, after an outage or a bulk import) goes out through MailChimp's batch
 * subscribe, up to {@code batch-size} members a call; each call takes one of the
 * {@code concurrency} slots, as a single member's call does.
 */
@Component
@EnableConfigurationProperties(MailChimpProperties.class)
public class ListSync implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ListSync.class);

	/** Polls in a row when each one finds a full batch, before waiting for the next. */
	private static final int MAX_ROUNDS = 10;

	private final MailChimpProperties properties;

	private final ListMemberships memberships;

	private final LeadService leads;

	private final TransactionTemplate transaction;

	private final String node;

	private final Clock clock;

	private final Timer latency;

	private volatile boolean running;

	private MailChimp mailChimp;

	private WorkerThreads threads;

	@Autowired
	ListSync(MailChimpProperties properties, ListMemberships memberships, LeadService leads,
			TransactionTemplate transaction, MeterRegistry meters) {
		this(properties, memberships, leads, transaction, WorkerThreads.nodeName(), Clock.systemUTC(), meters);
	}

	ListSync(MailChimpProperties properties, ListMemberships memberships, LeadService leads,
			TransactionTemplate transaction, String node, Clock clock) {
		this(properties, memberships, leads, transaction, node, clock, new SimpleMeterRegistry());
	}

	ListSync(MailChimpProperties properties, ListMemberships memberships, LeadService leads,
			TransactionTemplate transaction, String node, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.memberships = memberships;
		this.leads = leads;
		this.transaction = transaction;
		this.node = node;
		this.clock = clock;
		this.latency = ListMetrics.latency(meters);
	}

	/**
	 * Puts a failed change back to pending, with its attempts counted from zero again.
	 * @return false if the change is not failed (unknown, pending, synced or superseded)
	 */
	public boolean retry(long changeId) {
		boolean retried = memberships.retry(changeId);
		if (retried) {
			wake();
		}
		return retried;
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		if (!properties.enabled()) {
			log.warn("MailChimp list sync is off: no pipewright.mailchimp.api-key (PIPEWRIGHT_MAILCHIMP_API_KEY)."
					+ " List changes are recorded and stay pending until a key is set.");
			return;
		}
		int concurrency = properties.concurrency();
		mailChimp = new MailChimp(properties.baseUrl(), properties.apiKey(), concurrency, properties.connectTimeout(),
				properties.readTimeout());
		threads = new WorkerThreads("list-sync", concurrency, this::poll);
		running = true;
		threads.start(properties.pollInterval());
		log.info("MailChimp list sync on: node {}, {} at most {} requests at once", node, properties.baseUrl(),
				concurrency);
	}

	@Override
	public synchronized void stop() {
		if (!running) {
			return;
		}
		running = false;
		// a change cut off here is not lost: its claim runs out and any node sends it
		threads.stop();
		mailChimp.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * After the transaction that recorded a change commits: send it now, not at the next
	 * poll.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void changeWanted(ListChangeWanted event) {
		wake();
	}

	/** Polls soon; wakes that arrive meanwhile fold into one poll. */
	void wake() {
		if (running) {
			threads.wake();
		}
	}

	private void wakeAfter(Duration wait) {
		threads.wakeAfter(wait);
	}

	private void poll() {
		try {
			for (int round = 0; round < MAX_ROUNDS && running; round++) {
				Instant now = clock.instant();
				for (ListChange.Pair pair : memberships.outdated(now)) {
					transaction.executeWithoutResult(tx -> memberships.supersede(pair, now));
				}
				int free = threads.freeSlots();
				if (free == 0) {
					return;
				}
				// more than there are slots: another node may claim some first
				int limit = free * 2;
				// read before the backlogs, so that a change recorded meanwhile counts
				// towards its backlog, and is not sent alone
				List<ListChange> due = memberships.due(now, limit);
				Set<String> backlogs = Set.copyOf(memberships.backlogs(now, properties.batchThreshold()));
				if (!sendBacklogs(now, backlogs)) {
					return;
				}
				for (ListChange change : due) {
					// an audience's backlog goes in batches, but an erasure never does
					if (backlogs.contains(change.listId()) && !change.erase()) {
						continue;
					}
					if (!threads.trySlot()) {
						return;
					}
					boolean claimed;
					try {
						claimed = claim(change, now);
					}
					catch (RuntimeException ex) {
						threads.freeSlot();
						throw ex;
					}
					if (!claimed) {
						threads.freeSlot();
						continue;
					}
					// then the pair's next change, or one that waited for a slot
					threads.send(() -> send(change));
				}
				if (due.size() < limit) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			// the database may be away for a moment; claims keep every change safe
			// meanwhile
			log.warn("List sync poll failed; trying again in {}", properties.pollInterval(), ex);
		}
	}

	/**
	 * Claims and sends in batches every audience's backlog, as far as the slots go.
	 * @return false if every slot is taken
	 */
	private boolean sendBacklogs(Instant now, Set<String> backlogs) {
		for (String listId : backlogs) {
			while (true) {
				if (!threads.trySlot()) {
					return false;
				}
				List<ListChange> due;
				List<ListChange> claimed;
				try {
					due = memberships.due(now, listId, properties.batchSize());
					claimed = due.isEmpty() ? List.of() : claimAll(due, now);
				}
				catch (RuntimeException ex) {
					// a deadlock with another node's claim, say: nothing was claimed
					threads.freeSlot();
					throw ex;
				}
				if (claimed.isEmpty()) {
					threads.freeSlot();
					break;
				}
				threads.send(() -> sendBatch(listId, claimed));
				if (due.size() < properties.batchSize()) {
					break;
				}
			}
		}
		return true;
	}

	/**
	 * Claims what it can of the changes in one transaction, each under its pair's lock as
	 * {@link #claim} does.
	 */
	private List<ListChange> claimAll(List<ListChange> changes, Instant now) {
		Instant until = now.plus(properties.claimTtl());
		return transaction
			.execute(tx -> changes.stream().filter(change -> memberships.claim(change, node, now, until)).toList());
	}

	private boolean claim(ListChange change, Instant now) {
		return Boolean.TRUE
			.equals(transaction.execute(tx -> memberships.claim(change, node, now, now.plus(properties.claimTtl()))));
	}

	private void send(ListChange change) {
		int attempt = change.attempts() + 1;
		try {
			if (change.erase()) {
				record(change, attempt, deletePermanently(change));
				return;
			}
			LeadContact lead = reachable(change, leads.contact(change.leadId()).orElse(null));
			if (lead == null) {
				return;
			}
			Reply reply = mailChimp.addOrUpdate(change.listId(),
					new Subscription(lead.email(), lead.name(), lead.company(), change.subscribed()));
			if (reply.verdict() == Reply.Verdict.ACCEPTED && !change.tags().isEmpty()) {
				reply = mailChimp.tag(change.listId(), lead.email(), change.tags());
			}
			record(change, attempt, reply);
		}
		catch (RuntimeException ex) {
			log.warn("List change {} could not be sent", change.id(), ex);
			record(change, attempt, new Reply(Reply.Verdict.TRY_LATER, "Pipewright could not send the change",
					ex.toString(), Duration.ZERO));
		}
	}

	/**
	 * Deletes the erased person under each email they had; done when every one is gone. A
	 * retry asks again for all: a person already deleted answers as deleted.
	 */
	private Reply deletePermanently(ListChange change) {
		Reply reply = Reply.ACCEPTED;
		for (String hash : change.subscriberHashes()) {
			reply = mailChimp.deletePermanently(change.listId(), hash);
			if (reply.verdict() != Reply.Verdict.ACCEPTED) {
				return reply;
			}
		}
		return reply;
	}

	/** The lead, if MailChimp can hold it; otherwise the change fails, saying why. */
	private LeadContact reachable(ListChange change, LeadContact lead) {
		if (lead != null && lead.email() != null && !lead.email().isBlank()) {
			return lead;
		}
		memberships.failed(change.id(), node, "No email address",
				"The lead has no email address, so MailChimp cannot hold it on a list. Add one to the lead, then retry.");
		return null;
	}

	/**
	 * Sends the changes of one audience in one batch subscribe. Members MailChimp refuses
	 * fail with its reason and are not retried; if the whole call fails, every change in
	 * it is retried or failed as a single change would be.
	 */
	private void sendBatch(String listId, List<ListChange> changes) {
		List<ListChange> sent = new ArrayList<>();
		Map<String, ListChange> byEmail = new HashMap<>();
		List<Subscription> subscriptions = new ArrayList<>();
		try {
			Map<String, LeadContact> contacts = leads.contacts(changes.stream().map(ListChange::leadId).toList());
			for (ListChange change : changes) {
				LeadContact lead = reachable(change, contacts.get(change.leadId()));
				if (lead == null) {
					continue;
				}
				String email = lead.email().strip().toLowerCase(Locale.ROOT);
				if (byEmail.putIfAbsent(email, change) != null) {
					// two leads with one email: a batch names each member once, so this
					// one waits for the next poll
					memberships.retryLater(change.id(), node, clock.instant(), "Waiting for another lead's change",
							"Another lead with the same email address was in the same batch.");
					continue;
				}
				sent.add(change);
				subscriptions.add(new Subscription(lead.email(), lead.name(), lead.company(), change.subscribed(),
						change.tags()));
			}
			if (sent.isEmpty()) {
				return;
			}
			BatchReply reply = mailChimp.subscribeAll(listId, subscriptions);
			if (reply.call().verdict() != Reply.Verdict.ACCEPTED) {
				recordAll(sent, reply.call());
				return;
			}
			List<Long> synced = new ArrayList<>();
			for (int i = 0; i < sent.size(); i++) {
				ListChange change = sent.get(i);
				Optional<BatchReply.Refusal> refusal = reply.refusalOf(subscriptions.get(i).email());
				if (refusal.isPresent()) {
					String code = refusal.get().errorCode();
					log.info("MailChimp refused list change {} in a batch: {}", change.id(), code);
					memberships.failed(change.id(), node, code == null ? "Refused in a batch" : code,
							refusal.get().error());
				}
				else {
					synced.add(change.id());
				}
			}
			Instant now = clock.instant();
			memberships.synced(synced, node, now);
			// MailChimp accepted them: time each from the pipeline's asking, as the
			// single path does
			sent.stream()
				.filter(change -> synced.contains(change.id()) && change.requestedAt() != null)
				.forEach(change -> latency.record(Duration.between(change.requestedAt(), now)));
		}
		catch (RuntimeException ex) {
			log.warn("A batch of {} list changes for {} could not be sent", changes.size(), listId, ex);
			recordAll(sent.isEmpty() ? changes : sent, new Reply(Reply.Verdict.TRY_LATER,
					"Pipewright could not send the change", ex.toString(), Duration.ZERO));
		}
	}

	/**
	 * One verdict for a whole batch: a retry waits as long for every change, so the batch
	 * comes back together.
	 */
	private void recordAll(List<ListChange> changes, Reply reply) {
		if (reply.verdict() != Reply.Verdict.TRY_LATER) {
			changes.forEach(change -> record(change, change.attempts() + 1, reply));
			return;
		}
		int attempt = changes.stream().mapToInt(ListChange::attempts).max().orElse(0) + 1;
		Duration wait = backoff(attempt);
		if (reply.retryAfter().compareTo(wait) > 0) {
			wait = reply.retryAfter();
		}
		List<Long> again = new ArrayList<>();
		for (ListChange change : changes) {
			if (change.attempts() + 1 >= properties.maxAttempts()) {
				log.warn("List change {} failed after {} attempts: {}", change.id(), change.attempts() + 1,
						reply.title());
				memberships.failed(change.id(), node, reply.title(), reply.detail());
			}
			else {
				again.add(change.id());
			}
		}
		if (memberships.retryLater(again, node, clock.instant().plus(wait), reply.title(), reply.detail()) > 0) {
			wakeAfter(wait);
		}
	}

	private void record(ListChange change, int attempt, Reply reply) {
		switch (reply.verdict()) {
			case ACCEPTED -> {
				Instant now = clock.instant();
				if (memberships.synced(change.id(), node, now) && change.requestedAt() != null) {
					latency.record(Duration.between(change.requestedAt(), now));
				}
			}
			case REFUSED -> {
				log.info("MailChimp refused list change {}: {}", change.id(), reply.title());
				memberships.failed(change.id(), node, reply.title(), reply.detail());
			}
			case TRY_LATER -> {
				if (attempt >= properties.maxAttempts()) {
					log.warn("List change {} failed after {} attempts: {}", change.id(), attempt, reply.title());
					memberships.failed(change.id(), node, reply.title(), reply.detail());
				}
				else {
					Duration wait = backoff(attempt);
					if (reply.retryAfter().compareTo(wait) > 0) {
						wait = reply.retryAfter();
					}
					if (memberships.retryLater(change.id(), node, clock.instant().plus(wait), reply.title(),
							reply.detail())) {
						// the retry is due then, whenever the next poll would be
						wakeAfter(wait);
					}
				}
			}
		}
	}

	Duration backoff(int attempt) {
		return WorkerThreads.backoff(attempt, properties.backoffBase(), properties.backoffMax());
	}

}

package io.pipewright.cues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pipewright.operations.WorkerThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends the outbox's deliveries through their channels. Works from {@code pw_delivery}
 * only, so it is safe on several nodes of one database: a node claims a delivery (one
 * update) before sending it, and a claim runs out, so a dead node leaves nothing stuck. A
 * retry waits with exponential backoff and full jitter (or as long as the receiver
 * asked); after {@code max-attempts} the delivery fails, shown to the admin. Deliveries
 * of a channel no bean here serves (mail on a server without it) wait, pending.
 */
@Component
@EnableConfigurationProperties(CuesProperties.class)
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final CuesProperties properties;

	private final Deliveries deliveries;

	private final Map<String, Channel> channels;

	private final DeliveryMetrics metrics;

	private final String node;

	private final Clock clock = Clock.systemUTC();

	private volatile boolean running;

	private WorkerThreads threads;

	DeliveryWorker(CuesProperties properties, Deliveries deliveries, List<Channel> channels, DeliveryMetrics metrics) {
		this.properties = properties;
		this.deliveries = deliveries;
		this.channels = channels.stream().collect(Collectors.toUnmodifiableMap(Channel::name, Function.identity()));
		this.metrics = metrics;
		this.node = WorkerThreads.nodeName();
	}

	/**
	 * Puts a failed delivery back to pending, attempts from zero.
	 * @return false if it is not failed (or was wiped by an erasure)
	 */
	boolean retry(long id) {
		boolean retried = deliveries.retry(id);
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
		int concurrency = properties.concurrency();
		threads = new WorkerThreads("outbox", concurrency, this::poll);
		running = true;
		threads.start(properties.pollInterval());
		log.info("Outbox worker on: node {}, channels {}, at most {} deliveries at once", node, channels.keySet(),
				concurrency);
	}

	@Override
	public synchronized void stop() {
		if (!running) {
			return;
		}
		running = false;
		// a delivery cut off here is not lost: its claim runs out and any node sends it
		threads.stop();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** After the recording transaction commits: send now, not at the next poll. */
	@TransactionalEventListener(fallbackExecution = true)
	void recorded(DeliveryOutbox.DeliveryRecorded event) {
		wake();
	}

	/** Polls soon; wakes meanwhile fold into one poll. */
	void wake() {
		if (running) {
			threads.wake();
		}
	}

	private void poll() {
		try {
			while (running) {
				int free = threads.freeSlots();
				if (free == 0) {
					return;
				}
				Instant now = clock.instant();
				// more than there are slots: another node may claim some first
				int limit = free * 2;
				List<Delivery> due = deliveries.due(channels.keySet(), now, limit);
				int claimed = 0;
				for (Delivery delivery : due) {
					if (!threads.trySlot()) {
						return;
					}
					if (!claim(delivery, now)) {
						threads.freeSlot();
						continue;
					}
					claimed++;
					// then one that waited for a slot
					threads.send(() -> send(delivery));
				}
				if (due.size() < limit || claimed == 0) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			// the database may be away for a moment; claims keep every delivery safe
			log.warn("Outbox poll failed; trying again in {}", properties.pollInterval(), ex);
		}
	}

	private boolean claim(Delivery delivery, Instant now) {
		try {
			return deliveries.claim(delivery.id(), node, now, now.plus(properties.claimTtl()));
		}
		catch (RuntimeException ex) {
			threads.freeSlot();
			throw ex;
		}
	}

	private void send(Delivery claimed) {
		// the claim counted this attempt
		Delivery delivery = new Delivery(claimed.id(), claimed.channel(), claimed.kind(), claimed.target(),
				claimed.payload(), claimed.leadId(), claimed.attempts() + 1, claimed.createdAt());
		Channel.Outcome outcome;
		try {
			outcome = channels.get(delivery.channel()).deliver(delivery);
			if (outcome == null) {
				outcome = Channel.Outcome.retry("The " + delivery.channel() + " channel said nothing");
			}
		}
		catch (RuntimeException ex) {
			log.warn("Delivery {} ({}) could not be sent", delivery.id(), delivery.channel(), ex);
			outcome = Channel.Outcome.retry("Pipewright could not send it: " + ex);
		}
		try {
			record(delivery, outcome);
		}
		catch (RuntimeException ex) {
			// the claim runs out and the delivery is tried again
			log.warn("The outcome of delivery {} could not be recorded", delivery.id(), ex);
		}
	}

	private void record(Delivery delivery, Channel.Outcome outcome) {
		Instant now = clock.instant();
		switch (outcome.verdict()) {
			case SENT -> {
				if (deliveries.sent(delivery.id(), node, now, outcome.status())) {
					metrics.sent(delivery.channel());
				}
			}
			case REFUSED -> {
				log.info("Delivery {} ({}) refused: {}", delivery.id(), delivery.channel(), outcome.error());
				if (deliveries.failed(delivery.id(), node, now, outcome.error(), outcome.status())) {
					metrics.failed(delivery.channel());
				}
			}
			case RETRY -> {
				if (delivery.attempts() >= properties.maxAttempts()) {
					log.warn("Delivery {} ({}) failed after {} attempts: {}", delivery.id(), delivery.channel(),
							delivery.attempts(), outcome.error());
					if (deliveries.failed(delivery.id(), node, now, outcome.error(), outcome.status())) {
						metrics.failed(delivery.channel());
					}
					return;
				}
				Duration wait = backoff(delivery.attempts());
				if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
					wait = outcome.retryAfter();
				}
				if (deliveries.retryLater(delivery.id(), node, now, now.plus(wait), outcome.error(),
						outcome.status())) {
					threads.wakeAfter(wait);
				}
			}
		}
	}

	Duration backoff(int attempt) {
		return WorkerThreads.backoff(attempt, properties.backoffBase(), properties.backoffMax());
	}

}

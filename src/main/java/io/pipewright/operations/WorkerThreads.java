package io.pipewright.operations;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a worker over a database table runs on (the list sync, the outbox): one
 * poller that polls at an interval and whenever woken, wakes meanwhile folding into one
 * poll; and senders, each holding one of a fixed number of slots while it sends. The work
 * is in the table, so stopping loses nothing: what a stop cuts off is claimed again once
 * its claim runs out.
 */
public final class WorkerThreads {

	private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

	private final String name;

	private final ScheduledThreadPoolExecutor poller;

	private final ExecutorService senders;

	private final Semaphore slots;

	private final Runnable poll;

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	/**
	 * @param name names the threads: {@code name-poll-1}, {@code name-1}, ...
	 * @param concurrency sends at once
	 * @param poll what one poll does; it takes slots with {@link #trySlot()}
	 */
	public WorkerThreads(String name, int concurrency, Runnable poll) {
		this.name = name;
		this.poll = poll;
		this.slots = new Semaphore(concurrency);
		this.senders = Executors.newFixedThreadPool(concurrency, threads(name + "-"));
		this.poller = new ScheduledThreadPoolExecutor(1, threads(name + "-poll-"));
		// a stop drops the wakes still waiting: the work is in the table
		this.poller.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/** Polls now, then every interval after the last poll ended. */
	public void start(Duration interval) {
		poller.scheduleWithFixedDelay(poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops polling, and waits up to ten seconds for the poll and the sends under way.
	 * Nothing is interrupted: a thread interrupted in H2's file I/O closes the whole
	 * database (an embedded server would lose its last commits); a send still running
	 * after that keeps its claim, which expires for another node or the next start.
	 */
	public void stop() {
		poller.shutdown();
		senders.shutdown();
		try {
			if (!poller.awaitTermination(10, TimeUnit.SECONDS) || !senders.awaitTermination(10, TimeUnit.SECONDS)) {
				log.warn("{} threads still busy after 10 s; leaving them to finish", name);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Polls soon on the poller's thread; wakes that arrive meanwhile fold into one poll.
	 */
	public void wake() {
		if (wakeQueued.compareAndSet(false, true)) {
			try {
				poller.execute(() -> {
					wakeQueued.set(false);
					poll.run();
				});
			}
			catch (RejectedExecutionException stopping) {
				wakeQueued.set(false);
			}
		}
	}

	/** Wakes after the wait: when a retry falls due, whenever the next poll would be. */
	public void wakeAfter(Duration wait) {
		try {
			poller.schedule(this::wake, wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopping) {
			// the work is in the database; whichever node runs next does it
		}
	}

	public int freeSlots() {
		return slots.availablePermits();
	}

	/** Takes a slot if one is free. */
	public boolean trySlot() {
		return slots.tryAcquire();
	}

	/** Gives back a slot taken for a send that did not happen (not claimed, say). */
	public void freeSlot() {
		slots.release();
	}

	/**
	 * Sends on a sender thread in the slot already taken; frees it afterwards and wakes
	 * the poller for what waited for a slot.
	 */
	public void send(Runnable send) {
		try {
			senders.execute(() -> {
				try {
					send.run();
				}
				finally {
					slots.release();
					wake();
				}
			});
		}
		catch (RejectedExecutionException stopping) {
			slots.release();
		}
	}

	/**
	 * Exponential backoff with full jitter: a random wait up to base times 2^(attempt-1),
	 * capped at max, so work that failed together does not all return together.
	 */
	public static Duration backoff(int attempt, Duration base, Duration max) {
		long ceiling = attempt > 30 ? max.toMillis()
				: Math.min(max.toMillis(), base.toMillis() << Math.max(0, attempt - 1));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

	/**
	 * A name for this node in claims: pid@host, and a suffix in case one JVM runs two
	 * application contexts.
	 */
	public static String nodeName() {
		return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return task -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}

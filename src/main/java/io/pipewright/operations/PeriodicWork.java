package io.pipewright.operations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work a node does at an interval on a thread of its own (the daily digest's look, the
 * overdue-task scan, the weekly forecast snapshot), started and stopped with the server.
 * The work keeps its state in the database, so several nodes may do it: each must be
 * harmless to repeat. A round that fails is logged, and the next one tries again.
 */
public abstract class PeriodicWork implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

	private final String name;

	private final Duration first;

	private final Duration every;

	private ScheduledExecutorService timer;

	/**
	 * @param name the thread's name, and the work's in the log
	 * @param first the wait before the first round
	 * @param every the wait after a round before the next
	 */
	protected PeriodicWork(String name, Duration first, Duration every) {
		this.name = name;
		this.first = first;
		this.every = every;
	}

	/** One round. */
	protected abstract void work();

	private void round() {
		try {
			work();
		}
		catch (RuntimeException ex) {
			// the database or the engine away for a moment, say
			log.warn("{} failed; trying again in {}", name, every, ex);
		}
	}

	@Override
	public synchronized void start() {
		if (timer != null) {
			return;
		}
		timer = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		timer.scheduleWithFixedDelay(this::round, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (timer != null) {
			// no interrupt: a thread interrupted in H2's file I/O closes the whole
			// database; the round under way ends by itself, no new one starts
			timer.shutdown();
			timer = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return timer != null;
	}

}

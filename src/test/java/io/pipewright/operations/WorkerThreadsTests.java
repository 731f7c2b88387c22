package io.pipewright.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Stopping never interrupts a poll or a send under way: a thread interrupted in H2's file
 * I/O closes the whole embedded database, losing its last commits.
 */
class WorkerThreadsTests {

	@Test
	void aStopLetsThePollAndTheSendUnderWayFinishUninterrupted() throws InterruptedException {
		CountDownLatch polling = new CountDownLatch(1);
		CountDownLatch sending = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicInteger finished = new AtomicInteger();
		AtomicInteger polls = new AtomicInteger();
		WorkerThreads[] threads = new WorkerThreads[1];
		threads[0] = new WorkerThreads("stop-test", 2, () -> {
			if (polls.incrementAndGet() > 1) {
				return;
			}
			threads[0].trySlot();
			threads[0].send(() -> work(sending, interrupted, finished));
			work(polling, interrupted, finished);
		});
		threads[0].start(Duration.ofMinutes(1));
		// a wake long after the stop must not keep the stop waiting
		threads[0].wakeAfter(Duration.ofMinutes(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> polling.getCount() == 0 && sending.getCount() == 0);

		long started = System.nanoTime();
		threads[0].stop();

		assertThat(interrupted).as("nothing interrupted").isFalse();
		assertThat(finished).as("the poll and the send both ran to their end").hasValue(2);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the waiting wake was dropped")
			.isLessThan(Duration.ofSeconds(5));
	}

	/** Counts the latch down, then works for 300 ms, as a read of the database would. */
	private static void work(CountDownLatch started, AtomicBoolean interrupted, AtomicInteger finished) {
		started.countDown();
		try {
			// interruptible, as a FileChannel read is
			new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
			finished.incrementAndGet();
		}
		catch (InterruptedException ex) {
			interrupted.set(true);
		}
	}

}

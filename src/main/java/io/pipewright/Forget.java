package io.pipewright;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** For a cache whose source changes in a transaction. */
public final class Forget {

	private Forget() {
	}

	/**
	 * Runs {@code forget} now and, inside a transaction, again once it has ended: what
	 * another thread read in between may be out of date, since the change is seen by
	 * others only after the commit.
	 */
	public static void nowAndAtTransactionEnd(Runnable forget) {
		forget.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forget.run();
				}
			});
		}
	}

}

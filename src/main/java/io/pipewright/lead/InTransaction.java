package io.pipewright.lead;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one transaction keeps for itself: found among its synchronizations rather than
 * bound as a resource, so a transaction started inside it (requires new), which has
 * synchronizations of its own, keeps its own.
 */
final class InTransaction {

	private InTransaction() {
	}

	/** This transaction's, or null if it has none (or there is no transaction). */
	static <T extends TransactionSynchronization> T find(Class<T> type) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (type.isInstance(synchronization)) {
				return type.cast(synchronization);
			}
		}
		return null;
	}

	/** This transaction's, made now if it has none; null if there is no transaction. */
	static <T extends TransactionSynchronization> T of(Class<T> type, Supplier<T> create) {
		T found = find(type);
		if (found == null && TransactionSynchronizationManager.isSynchronizationActive()) {
			found = create.get();
			TransactionSynchronizationManager.registerSynchronization(found);
		}
		return found;
	}

}

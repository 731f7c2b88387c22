package io.pipewright.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that is away (restarting, unreachable, out of connections) from a
 * request that failed on its own: the first is worth a 503 and a retry, the second is
 * not.
 */
final class DatabaseOutage {

	private DatabaseOutage() {
	}

	static ProblemDetail problem() {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
				"The database cannot be reached just now, so nothing was changed; send the request again in a few seconds");
	}

	static boolean causes(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
					|| t instanceof SQLRecoverableException || t instanceof ConnectException
					|| t instanceof DataAccessResourceFailureException
					|| t instanceof CannotCreateTransactionException) {
				return true;
			}
			// a commit or rollback that fails on its connection: the connection is gone
			if (t instanceof TransactionSystemException tx && (tx.getCause() instanceof SQLException
					|| tx.getApplicationException() != null && causes(tx.getApplicationException()))) {
				return true;
			}
			// SQLSTATE class 08: connection exception; 57P01-57P03: the server shuts down
			// or is starting up
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

}

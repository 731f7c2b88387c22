package io.pipewright;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Migrates Pipewright's tables while the engine reads its own configuration, instead of
 * before it: the engine's start spends seconds parsing its MyBatis mappings without
 * touching the database, and Flyway needs about a second on a fresh one.
 * <p>
 * Spring Boot hands the configured {@link Flyway} to this strategy before the engine's
 * configuration is built ({@link EngineAfterFlyway}); the migration starts when the
 * engine begins its initialisation and the engine waits for it before it creates or
 * checks its own tables, so Flyway still finds an empty schema on a fresh database and
 * nothing reads Pipewright's tables before they exist (nothing does before the engine is
 * built: the workers start and the start-up runners run after it). A failed migration
 * fails the engine's start, and so the server's, with Flyway's own exception.
 */
@Component
class FlywayBesideEngine extends AbstractProcessEnginePlugin implements FlywayMigrationStrategy {

	private Flyway flyway;

	private CompletableFuture<Void> migration = CompletableFuture.completedFuture(null);

	@Override
	public synchronized void migrate(Flyway flyway) {
		this.flyway = flyway;
	}

	@Override
	public synchronized void preInit(ProcessEngineConfigurationImpl configuration) {
		if (this.flyway == null) {
			return;
		}
		Flyway pending = this.flyway;
		this.flyway = null;
		this.migration = new CompletableFuture<>();
		CompletableFuture<Void> done = this.migration;
		// not a daemon: a server failing meanwhile still lets a migration finish, not
		// leave it half-applied
		Thread thread = new Thread(() -> {
			try {
				pending.migrate();
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		}, "flyway-migration");
		thread.start();
	}

	@Override
	public synchronized void postInit(ProcessEngineConfigurationImpl configuration) {
		try {
			this.migration.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}

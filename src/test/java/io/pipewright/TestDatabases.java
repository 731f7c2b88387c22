package io.pipewright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database every test runs on: a fresh H2 file by default, or a fresh database on a
 * real PostgreSQL when the build's second test run sets
 * {@code -Dpipewright.test.database=postgresql}. The PostgreSQL server comes from Maven
 * Central (no Docker here), starts once per test JVM and holds one database per ask.
 */
public final class TestDatabases {

	public static final String PROPERTY = "pipewright.test.database";

	private static final AtomicInteger names = new AtomicInteger();

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private TestDatabases() {
	}

	/** Whether this run is the PostgreSQL one. */
	public static boolean postgres() {
		return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "h2"));
	}

	/** A database of its own, empty. */
	public static Database fresh() {
		return postgres() ? freshPostgres() : freshH2();
	}

	public record Database(String url, String username, String password) {

		public void register(DynamicPropertyRegistry registry) {
			registry.add("spring.datasource.url", this::url);
			registry.add("spring.datasource.username", this::username);
			registry.add("spring.datasource.password", this::password);
		}

		/**
		 * As command line arguments, which win over application.yaml (builder properties
		 * would not).
		 */
		public String[] arguments() {
			return new String[] { "--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
					"--spring.datasource.password=" + password };
		}

	}

	private static Database freshH2() {
		try {
			Path dir = Files.createTempDirectory("pipewright-test-");
			return new Database("jdbc:h2:file:" + dir.toAbsolutePath() + "/pw;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static synchronized Database freshPostgres() {
		try {
			if (server == null) {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.close();
					}
					catch (IOException ex) {
						// the JVM is going away; the server's folder is temporary
					}
				}));
			}
			String name = "pw_test_" + names.incrementAndGet();
			try (Connection connection = server.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("create database " + name);
			}
			return new Database(server.getJdbcUrl("postgres", name), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on the embedded PostgreSQL", ex);
		}
	}

}

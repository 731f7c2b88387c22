package io.pipewright;

import java.io.IOException;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A real PostgreSQL for a Spring test, from Maven Central (no Docker here):
 * {@code @Import} it and the server runs on it instead of H2.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPostgres {

	/**
	 * A bean, so the context stops it after everything that uses the database has
	 * stopped.
	 */
	@Bean(destroyMethod = "close")
	io.zonky.test.db.postgres.embedded.EmbeddedPostgres embeddedPostgres() throws IOException {
		return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
	}

	@Bean
	DataSource dataSource(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
		return postgres.getPostgresDatabase();
	}

}

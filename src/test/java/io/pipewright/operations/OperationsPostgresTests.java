package io.pipewright.operations;

import io.pipewright.EmbeddedPostgres;

import org.springframework.context.annotation.Import;

/**
 * The same probes, scrape and history cleanup on a real PostgreSQL: the readiness check's
 * database, the overdue count's query and the engine's cleanup job run there as on H2.
 */
@Import(EmbeddedPostgres.class)
class OperationsPostgresTests extends OperationsIntegrationTests {

}

package io.pipewright.lead;

import io.pipewright.EmbeddedPostgres;

import org.springframework.context.annotation.Import;

/**
 * The same migration tests on a real PostgreSQL: the engine's migration and the lead
 * rows' updates must commit and roll back together there as on H2.
 */
@Import(EmbeddedPostgres.class)
class PipelineMigrationPostgresTests extends PipelineMigrationIntegrationTests {

}

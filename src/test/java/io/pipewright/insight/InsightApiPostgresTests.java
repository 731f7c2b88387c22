package io.pipewright.insight;

import io.pipewright.EmbeddedPostgres;

import org.springframework.context.annotation.Import;

/**
 * The same insight tests on a real PostgreSQL: the funnel's grouping and the week's
 * counts must give the same figures there as on H2.
 */
@Import(EmbeddedPostgres.class)
class InsightApiPostgresTests extends InsightApiIntegrationTests {

}

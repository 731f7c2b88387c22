package io.pipewright.lead;

import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When each fact of a lead was first reported true ({@code pw_lead_fact}), written in the
 * same transaction as the report, and stamped with the lead's close time as it closes:
 * insight's time from a fact to the decision reads one index range of it.
 */
@Component
class FirstFacts {

	private final JdbcClient jdbc;

	FirstFacts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The facts reported true now that never were before. */
	void reported(String leadId, Map<String, ?> values, Instant at) {
		values.forEach((fact, value) -> {
			if (Boolean.TRUE.equals(value)) {
				jdbc.sql("""
						insert into pw_lead_fact (lead_id, fact, pipeline_key, first_true_at, lead_closed_at)
						select l.id, ?, l.pipeline_key, ?, l.closed_at from pw_lead l where l.id = ?
						and not exists (select 1 from pw_lead_fact f where f.lead_id = l.id and f.fact = ?)
						""").params(fact, Leads.utc(at), leadId, fact).update();
			}
		});
	}

	void leadClosed(String leadId, Instant at) {
		jdbc.sql("update pw_lead_fact set lead_closed_at = ? where lead_id = ?").params(Leads.utc(at), leadId).update();
	}

	/** An erased lead's reports lose their values, and so their first true. */
	void erased(String leadId) {
		jdbc.sql("delete from pw_lead_fact where lead_id = ?").param(leadId).update();
	}

}

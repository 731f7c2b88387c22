package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * When each fact of a lead was first reported true, kept beside the reports: insight's
 * "ask as a fact to decision" then reads a range of one index instead of every closed
 * lead's reports (matched by text). The reports from before are read once here, in Java,
 * because their detail is JSON that the two databases read differently.
 */
public class V15__First_facts extends BaseJavaMigration {

	private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
	};

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("""
					create table pw_lead_fact (
					    lead_id        varchar(36)  not null,
					    fact           varchar(255) not null,
					    pipeline_key   varchar(255) not null,
					    first_true_at  timestamp with time zone not null,
					    lead_closed_at timestamp with time zone,
					    primary key (lead_id, fact)
					)""");
			// a period's closed leads that reached the fact: from the ask to the decision
			ddl.execute("create index pw_lead_fact_closed on pw_lead_fact (pipeline_key, fact, lead_closed_at)");
		}
		ObjectMapper json = new ObjectMapper();
		try (Statement reports = connection.createStatement();
				PreparedStatement insert = connection.prepareStatement("""
						insert into pw_lead_fact (lead_id, fact, pipeline_key, first_true_at, lead_closed_at)
						values (?, ?, ?, ?, ?)""")) {
			reports.setFetchSize(1_000);
			ResultSet rs = reports.executeQuery("""
					select e.lead_id, e.occurred_at, e.detail, l.pipeline_key, l.closed_at
					from pw_lead_event e join pw_lead l on l.id = e.lead_id
					where e.type = 'FACTS_REPORTED' order by e.lead_id, e.occurred_at, e.id""");
			String lead = null;
			Map<String, Boolean> seen = new HashMap<>();
			int batched = 0;
			while (rs.next()) {
				if (!rs.getString(1).equals(lead)) {
					lead = rs.getString(1);
					seen.clear();
				}
				String detail = rs.getString(3);
				Map<String, Object> values = detail == null ? Map.of() : json.readValue(detail, DETAIL);
				for (Map.Entry<String, Object> value : values.entrySet()) {
					if (Boolean.TRUE.equals(value.getValue()) && seen.putIfAbsent(value.getKey(), true) == null) {
						insert.setString(1, lead);
						insert.setString(2, value.getKey());
						insert.setString(3, rs.getString(4));
						insert.setObject(4, rs.getObject(2, OffsetDateTime.class));
						insert.setObject(5, rs.getObject(5, OffsetDateTime.class));
						insert.addBatch();
						if (++batched % 1_000 == 0) {
							insert.executeBatch();
						}
					}
				}
			}
			insert.executeBatch();
		}
	}

}

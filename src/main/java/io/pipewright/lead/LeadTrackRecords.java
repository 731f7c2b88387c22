package io.pipewright.lead;

import io.pipewright.routing.TrackRecord;
import io.pipewright.routing.TrackRecords;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reps' records for routing, counted from the lead rows in one query. */
@Repository
class LeadTrackRecords implements TrackRecords {

	private final JdbcClient jdbc;

	LeadTrackRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, TrackRecord> of(Collection<String> users, String productLine, String valueTier) {
		Map<String, TrackRecord> records = new HashMap<>();
		if (users.isEmpty()) {
			return records;
		}
		jdbc.sql("""
				select owner,
				  sum(case when status = 'won' and alike = 1 then 1 else 0 end) as won,
				  sum(case when status in ('won', 'lost') and alike = 1 then 1 else 0 end) as closed,
				  sum(case when status = 'open' then 1 else 0 end) as open_leads
				from (select owner, status,
				        case when product_line is not distinct from :productLine
				              and value_tier is not distinct from :valueTier then 1 else 0 end as alike
				      from pw_lead where owner in (:users)) leads
				group by owner
				""")
			.param("productLine", productLine)
			.param("valueTier", valueTier)
			.param("users", users)
			.query((rs, n) -> records.put(rs.getString("owner"),
					new TrackRecord(rs.getInt("won"), rs.getInt("closed"), rs.getInt("open_leads"))))
			.list();
		return records;
	}

}

package io.pipewright;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * For benchmarks that load history straight into the tables: fills in the per-lead
 * summary the server keeps in the engine's transaction (stage bits, each lead's mask of
 * stages entered, each visit's pipeline and close time), as migration V14 does for the
 * history it finds.
 */
public final class StageSummary {

	private StageSummary() {
	}

	public static void fill(JdbcTemplate jdbc) {
		jdbc.update(
				"""
						insert into pw_stage_bit (pipeline_key, stage_id, bit)
						select s.pipeline_key, s.stage_id,
						(select count(*) from pw_stage_bit b where b.pipeline_key = s.pipeline_key)
						+ row_number() over (partition by s.pipeline_key order by s.stage_id) - 1
						from (select distinct l.pipeline_key, v.stage_id from pw_stage_visit v join pw_lead l on l.id = v.lead_id
						where not exists (select 1 from pw_stage_bit b where b.pipeline_key = l.pipeline_key
						and b.stage_id = v.stage_id)) s
						""");
		jdbc.update(
				"""
						update pw_lead set stage_mask = coalesce((
						select sum(cast(power(2, b.bit) as bigint)) from pw_stage_bit b
						where b.pipeline_key = pw_lead.pipeline_key
						and exists (select 1 from pw_stage_visit v where v.lead_id = pw_lead.id and v.stage_id = b.stage_id)), 0)
						""");
		jdbc.update(
				"""
						update pw_stage_visit set pipeline_key = (select l.pipeline_key from pw_lead l where l.id = pw_stage_visit.lead_id),
						lead_closed_at = (select l.closed_at from pw_lead l where l.id = pw_stage_visit.lead_id)
						where pipeline_key is null
						""");
	}

}

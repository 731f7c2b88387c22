-- Insight counts leads by pipeline and the day they were created, this week's stage entries, and the
-- deals won this week; these indexes keep each a range scan however long the history grows.
create index pw_lead_pipeline_created on pw_lead (pipeline_key, created_at);
create index pw_lead_pipeline_closed on pw_lead (pipeline_key, status, closed_at);
-- the funnel folds each lead's visits into the stages it entered: lead and stage, read from the index alone
create index pw_stage_visit_lead_stage on pw_stage_visit (lead_id, stage_id);
create index pw_stage_visit_entered on pw_stage_visit (entered_at);

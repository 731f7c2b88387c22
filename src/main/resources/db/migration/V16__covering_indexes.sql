-- Insight's period scans read a year of leads or visits. With every column such a scan reads in its index,
-- H2 and PostgreSQL answer from the index alone instead of fetching each row: on H2, which fetches a row
-- at a time, that is most of the time these queries take. Each index keeps its name and its leading
-- columns, so the queries that used it still do.

-- the funnel and the coaching funnels: leads created in the period, by stage mask, status and owner
drop index pw_lead_pipeline_created;
create index pw_lead_pipeline_created on pw_lead (pipeline_key, created_at, stage_mask, status, owner);
-- won and lost by currency, the sales cycle, the won value and the wins per week
drop index pw_lead_pipeline_closed;
create index pw_lead_pipeline_closed on pw_lead (pipeline_key, status, closed_at, currency, amount, created_at, owner);

-- the time in each stage of the period's closed leads
drop index pw_stage_visit_pipeline_closed;
create index pw_stage_visit_pipeline_closed on pw_stage_visit (pipeline_key, lead_closed_at, stage_id, entered_at,
    left_at);
-- the ask stage's entries of the period's closed leads
drop index pw_stage_visit_pipeline_stage_closed;
create index pw_stage_visit_pipeline_stage_closed on pw_stage_visit (pipeline_key, stage_id, lead_closed_at, lead_id,
    entered_at);
-- a week's stage entries, the leads touched and the work of the last weeks
drop index pw_stage_visit_pipeline_entered;
create index pw_stage_visit_pipeline_entered on pw_stage_visit (pipeline_key, entered_at, stage_id, lead_id);
-- the leads touched: facts reported and fields changed since a day, and tasks done since then
drop index pw_lead_event_type;
create index pw_lead_event_type on pw_lead_event (type, occurred_at, lead_id);
drop index pw_stage_task_outcome_ended;
create index pw_stage_task_outcome_ended on pw_stage_task (outcome, ended_at, lead_id, due_at);
-- the tasks that fell due in a period
drop index pw_stage_task_open_due;
create index pw_stage_task_open_due on pw_stage_task (outcome, due_at, ended_at, lead_id);

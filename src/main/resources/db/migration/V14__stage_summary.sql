-- Insight at a million leads: a summary of each lead kept in the engine's transaction, so that the funnel and
-- the stage odds group one narrow row per lead instead of joining every lead to its stage visits.

-- Each stage of a pipeline gets a bit once, the first time a lead enters it, and keeps it: bits never move
-- when a new version reorders or drops stages. A bigint holds 62 of them; a pipeline that has had more stages
-- is counted from its visits instead.
create table pw_stage_bit (
    pipeline_key varchar(255) not null,
    stage_id     varchar(255) not null,
    bit          integer      not null,
    primary key (pipeline_key, stage_id),
    constraint pw_stage_bit_once unique (pipeline_key, bit)
);
insert into pw_stage_bit (pipeline_key, stage_id, bit)
select pipeline_key, stage_id, bit from (
    select s.pipeline_key, s.stage_id, row_number() over (partition by s.pipeline_key order by s.stage_id) - 1 as bit
    from (select distinct l.pipeline_key, v.stage_id from pw_stage_visit v join pw_lead l on l.id = v.lead_id) s
) numbered where bit < 62;

-- the stages the lead has entered, one bit each as pw_stage_bit gives them
alter table pw_lead add column stage_mask bigint default 0 not null;
update pw_lead set stage_mask = coalesce((
    select sum(cast(power(2, b.bit) as bigint)) from pw_stage_bit b
    where b.pipeline_key = pw_lead.pipeline_key
    and exists (select 1 from pw_stage_visit v where v.lead_id = pw_lead.id and v.stage_id = b.stage_id)), 0);

-- a visit carries its lead's pipeline and, once the lead is closed, the time it closed: the time in each stage
-- and a stage's usual time are then range scans of the visits alone
alter table pw_stage_visit add column pipeline_key varchar(255);
alter table pw_stage_visit add column lead_closed_at timestamp with time zone;
update pw_stage_visit set pipeline_key = (select l.pipeline_key from pw_lead l where l.id = pw_stage_visit.lead_id),
    lead_closed_at = (select l.closed_at from pw_lead l where l.id = pw_stage_visit.lead_id);
-- the time in each stage of a period's closed leads; the ask stage's entries of theirs
create index pw_stage_visit_pipeline_closed on pw_stage_visit (pipeline_key, lead_closed_at);
create index pw_stage_visit_pipeline_stage_closed on pw_stage_visit (pipeline_key, stage_id, lead_closed_at);
-- each stage's usual time: the pipeline's newest finished visits
create index pw_stage_visit_pipeline_left on pw_stage_visit (pipeline_key, left_at);
-- a week's stage entries and the work of the last weeks, per pipeline
drop index pw_stage_visit_entered;
create index pw_stage_visit_pipeline_entered on pw_stage_visit (pipeline_key, entered_at);

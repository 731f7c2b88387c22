-- adoption: a lead's tasks done lately, and the tasks done in a period
create index pw_stage_task_lead_ended on pw_stage_task (lead_id, ended_at);
create index pw_stage_task_outcome_ended on pw_stage_task (outcome, ended_at);

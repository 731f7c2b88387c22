-- the tasks-overdue gauge and overdue badges read open tasks by due date
create index pw_stage_task_open_due on pw_stage_task (outcome, due_at);

-- The sync of pw_list_change to MailChimp. A node owns a change while claimed_until lies ahead; a claim
-- that runs out (the node died) frees the change for any node. The last error stays for marketing to see.
alter table pw_list_change add column attempts integer default 0 not null;
alter table pw_list_change add column next_attempt_at timestamp with time zone;
alter table pw_list_change add column claimed_by varchar(100);
alter table pw_list_change add column claimed_until timestamp with time zone;
alter table pw_list_change add column synced_at timestamp with time zone;
alter table pw_list_change add column error_title varchar(200);
alter table pw_list_change add column error_detail varchar(2000);

-- the worker's poll: pending changes that are due, oldest first
create index pw_list_change_due on pw_list_change (state, next_attempt_at, id);

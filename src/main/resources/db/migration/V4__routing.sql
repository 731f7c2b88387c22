-- Routing: the tier the value tier decision gave the lead's value (similar leads share product line and tier),
-- and why the lead has its current owner (fallback: a routing table could not be followed).
alter table pw_lead add column value_tier varchar(100);
alter table pw_lead add column assignment_reason varchar(4000);
alter table pw_lead add column assignment_fallback boolean default false not null;
create index pw_lead_owner_status on pw_lead (owner, status);

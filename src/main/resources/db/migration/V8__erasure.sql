-- Erasure on request: when a lead's personal data was erased (null while it has not been).
alter table pw_lead add column erased_at timestamp with time zone;
-- The list sync deletes an erased person from MailChimp for good, as a list change of its own kind. It keeps
-- MailChimp's subscriber hashes (the MD5 of each lower-cased email the lead had, comma-separated), never an email.
alter table pw_list_change add column erase boolean default false not null;
alter table pw_list_change add column subscriber_hashes varchar(4000);

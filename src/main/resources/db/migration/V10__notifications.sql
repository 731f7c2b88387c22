-- Email templates an admin saved through the API; they win over the files and the shipped ones.
create table pw_notification_template (
    name       varchar(50)    not null,
    language   varchar(5)     not null,
    subject    varchar(500)   not null,
    body       varchar(20000) not null,
    updated_by varchar(255)   not null,
    updated_at timestamp with time zone not null,
    primary key (name, language)
);

-- Each person's language for emails and the kinds of email (template names) they turned off.
create table pw_notification_preference (
    user_id    varchar(255)  primary key,
    language   varchar(5),
    muted      varchar(2000) not null,
    updated_at timestamp with time zone not null
);

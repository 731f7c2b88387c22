-- A migration that cannot run: FlywayBesideEngineTests starts the server with it.
create table pw_broken (id varchar(36) primary key,

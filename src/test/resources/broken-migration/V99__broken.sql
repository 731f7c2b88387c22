-- A migration that cannot run: EngineAfterFlywayTests starts the server with it.
create table pw_broken (id varchar(36) primary key,

-- H2 stand-in for db/migration/V2__queue_indexes.pgsql: same names, full (not partial) indexes.
create index deliveries_queue_idx on communication.deliveries (priority desc, due_at);
create index deliveries_finished_idx on communication.deliveries (updated_at);

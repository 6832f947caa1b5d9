-- PostgreSQL: partial indexes, so the queue index holds only live rows and stays small however
-- long the history grows. H2 has no partial indexes: db/h2/V2__queue_indexes.sql stands in.

-- Workers claim by (priority desc, due_at) among QUEUED rows and SENDING rows whose lease ran out.
create index deliveries_queue_idx on communication.deliveries (priority desc, due_at)
  where status in ('QUEUED', 'SENDING');

-- Retention finds finished rows by age.
create index deliveries_finished_idx on communication.deliveries (updated_at)
  where status not in ('QUEUED', 'SENDING');

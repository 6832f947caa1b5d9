-- Recurring schedules (PostgreSQL and H2 alike): one row per schedule, holding its definition (what
-- to send, to whom, when) and where it stands.
-- channels: comma-separated channel names, empty for the policy's.
-- status: ACTIVE, PAUSED or FINISHED. next_run_at: the next firing, kept while PAUSED, null once
-- FINISHED. due_at: when a worker may claim the row: next_run_at while ACTIVE and not leased,
-- lease_until while leased (a lease that runs out makes the row claimable again), null while
-- PAUSED or FINISHED, so the due index holds only what can fire.
create table communication.schedules (
  tenant_id varchar not null,
  id varchar not null,
  cron varchar not null,
  zone varchar not null,
  recipient_id varchar not null,
  contact_points jsonb not null,
  locale varchar not null,
  time_zone varchar not null,
  event varchar not null,
  topic varchar not null,
  template_id varchar not null,
  data jsonb not null,
  channels varchar not null,
  priority smallint not null,
  start_at timestamp with time zone,
  end_at timestamp with time zone,
  status varchar not null,
  next_run_at timestamp with time zone,
  last_run_at timestamp with time zone,
  due_at timestamp with time zone,
  lease_owner varchar,
  lease_until timestamp with time zone,
  version bigint not null,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint schedules_pk primary key (tenant_id, id),
  constraint schedules_status_ck check (status in ('ACTIVE', 'PAUSED', 'FINISHED')),
  constraint schedules_priority_ck check (priority between 0 and 2),
  constraint schedules_version_ck check (version >= 1)
);
create index schedules_due_idx on communication.schedules (due_at);

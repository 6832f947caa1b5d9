-- Workflow runs: one row per run, claimed by due time with a lease like a delivery and written back
-- guarded by its version; an append-only record of its steps; trigger keys (idempotency) and
-- digests. Portable between PostgreSQL and H2 (PostgreSQL mode).

-- A run. state: RUNNING, WAITING (active, due_at set) or COMPLETED, CANCELLED, THROTTLED, MERGED,
-- FAILED (final, due_at null, so the claim index holds only live rows' times).
-- priority: 0 normal, 1 high, 2 critical. next_step: the index of the step to execute next.
-- context: what the run remembers between steps (message ids sent, a digest collector's key).
create table communication.workflow_runs (
  id uuid not null,
  tenant_id varchar not null,
  workflow_id varchar not null,
  workflow_version integer not null,
  event_name varchar not null,
  event_id varchar,
  recipient_id varchar not null,
  recipient jsonb not null,
  data jsonb not null,
  priority smallint not null,
  correlation varchar,
  state varchar not null,
  next_step integer not null,
  context jsonb not null,
  waiting_message_id uuid,
  due_at timestamp with time zone,
  lease_owner varchar,
  lease_until timestamp with time zone,
  version bigint not null,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint workflow_runs_pk primary key (id),
  constraint workflow_runs_state_ck check (state in
    ('RUNNING', 'WAITING', 'COMPLETED', 'CANCELLED', 'THROTTLED', 'MERGED', 'FAILED')),
  constraint workflow_runs_priority_ck check (priority between 0 and 2)
);
-- The claim walks due times; finished runs have none.
create index workflow_runs_due_idx on communication.workflow_runs (due_at);
create index workflow_runs_workflow_idx
  on communication.workflow_runs (tenant_id, workflow_id, created_at, id);
create index workflow_runs_recipient_idx
  on communication.workflow_runs (tenant_id, workflow_id, recipient_id, created_at, id);
create index workflow_runs_correlation_idx
  on communication.workflow_runs (tenant_id, workflow_id, correlation);
create index workflow_runs_waiting_idx on communication.workflow_runs (waiting_message_id);

-- What each run did, step by step, in order.
create table communication.workflow_run_steps (
  run_id uuid not null,
  seq integer not null,
  tenant_id varchar not null,
  step_id varchar not null,
  type varchar not null,
  outcome varchar not null,
  detail text,
  at timestamp with time zone not null,
  constraint workflow_run_steps_pk primary key (run_id, seq),
  constraint workflow_run_steps_run_fk foreign key (run_id)
    references communication.workflow_runs (id) on delete cascade
);

-- Trigger keys (an event id, or a hash of the event), kept until expires_at: a trigger with a key
-- already here starts nothing and answers the first trigger's runs (run_ids, a JSON list).
create table communication.workflow_triggers (
  tenant_id varchar not null,
  trigger_key varchar not null,
  run_ids jsonb not null,
  expires_at timestamp with time zone not null,
  created_at timestamp with time zone not null,
  constraint workflow_triggers_pk primary key (tenant_id, trigger_key)
);

-- Open digests: the run collecting each (tenant, digest key), or none while a backoff window that
-- let its first event through is open, until closes_at.
create table communication.workflow_digests (
  tenant_id varchar not null,
  digest_key varchar not null,
  collector_id uuid,
  closes_at timestamp with time zone not null,
  constraint workflow_digests_pk primary key (tenant_id, digest_key)
);

-- The events a collector collected, one per joining run; data is null for those over the bound.
create table communication.workflow_digest_items (
  collector_id uuid not null,
  run_id uuid not null,
  tenant_id varchar not null,
  seq integer not null,
  data jsonb,
  at timestamp with time zone not null,
  constraint workflow_digest_items_pk primary key (collector_id, run_id),
  constraint workflow_digest_items_collector_fk foreign key (collector_id)
    references communication.workflow_runs (id) on delete cascade
);

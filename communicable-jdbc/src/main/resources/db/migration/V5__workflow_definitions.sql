-- Workflow definitions (PostgreSQL and H2 alike): versioned per tenant like templates, each
-- version kept as the JSON a tenant's administrator edits, plus the event names that concern it
-- so that an event finds its workflows through an index.

-- A workflow and which of its versions is active.
create table communication.workflows (
  tenant_id varchar not null,
  id varchar not null,
  active_version integer not null,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint workflows_pk primary key (tenant_id, id)
);

-- Immutable published versions; definition is the workflow as WorkflowJson writes it (text, so
-- that it reads back exactly as written).
create table communication.workflow_versions (
  tenant_id varchar not null,
  workflow_id varchar not null,
  version integer not null,
  trigger_event varchar not null,
  definition text not null,
  published_by varchar not null,
  published_at timestamp with time zone not null,
  constraint workflow_versions_pk primary key (tenant_id, workflow_id, version),
  constraint workflow_versions_workflow_fk foreign key (tenant_id, workflow_id)
    references communication.workflows (tenant_id, id) on delete cascade,
  constraint workflow_versions_version_ck check (version >= 1)
);

-- The events a version listens to: its trigger and each of its cancel events, one row each.
create table communication.workflow_version_events (
  tenant_id varchar not null,
  workflow_id varchar not null,
  version integer not null,
  event_name varchar not null,
  cancels boolean not null,
  constraint workflow_version_events_pk primary key (tenant_id, workflow_id, version, event_name),
  constraint workflow_version_events_version_fk foreign key (tenant_id, workflow_id, version)
    references communication.workflow_versions (tenant_id, workflow_id, version) on delete cascade
);

create index workflow_version_events_by_event
  on communication.workflow_version_events (tenant_id, event_name, workflow_id, version);

-- Campaigns (PostgreSQL and H2 alike): one row per campaign with its definition and where its run
-- stands, one per queued page, and the messages each page queued.

-- run_at is when the runner may take the next page: set only while RUNNING, so the claim reads the
-- few running rows. The definition columns never change after creation.
create table communication.campaigns (
  tenant_id varchar not null,
  id varchar not null,
  name text not null,
  event varchar not null,
  topic varchar,
  template_id varchar,
  content jsonb,
  data jsonb not null,
  channels varchar not null,
  priority smallint not null,
  audience varchar not null,
  page_size integer not null,
  rate_per_second integer,
  send_window varchar,
  status varchar not null,
  page_cursor text,
  next_page bigint not null,
  recipients bigint not null,
  skipped bigint not null,
  error text,
  version bigint not null,
  lease_owner varchar,
  lease_until timestamp with time zone,
  run_at timestamp with time zone,
  send_at timestamp with time zone,
  created_at timestamp with time zone not null,
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  updated_at timestamp with time zone not null,
  constraint campaigns_pk primary key (tenant_id, id),
  constraint campaigns_status_ck check (status in ('DRAFT', 'RUNNING', 'PAUSED', 'COMPLETED',
    'CANCELLED', 'STOPPED_ON_ERROR')),
  constraint campaigns_priority_ck check (priority between 0 and 2),
  constraint campaigns_page_size_ck check (page_size between 1 and 10000)
);
create index campaigns_run_idx on communication.campaigns (run_at);

-- One row per page queued: the cursor it was read from and how many recipients it held.
create table communication.campaign_pages (
  tenant_id varchar not null,
  campaign_id varchar not null,
  page_number bigint not null,
  page_cursor text,
  recipients integer not null,
  queued_at timestamp with time zone not null,
  constraint campaign_pages_pk primary key (tenant_id, campaign_id, page_number),
  constraint campaign_pages_campaign_fk foreign key (tenant_id, campaign_id)
    references communication.campaigns (tenant_id, id) on delete cascade
);

-- The messages a page queued (one per group of recipients), joined to deliveries for progress.
create table communication.campaign_messages (
  tenant_id varchar not null,
  campaign_id varchar not null,
  page_number bigint not null,
  position integer not null,
  message_id uuid not null,
  constraint campaign_messages_pk primary key (tenant_id, campaign_id, page_number, position),
  constraint campaign_messages_page_fk foreign key (tenant_id, campaign_id, page_number)
    references communication.campaign_pages (tenant_id, campaign_id, page_number) on delete cascade
);

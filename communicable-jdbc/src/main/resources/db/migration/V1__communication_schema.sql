-- The communication schema, portable between PostgreSQL and H2 (PostgreSQL mode).
-- Strings that are indexed or unique are varchar (no length); free text is text.
-- Every row carries tenant_id; every query the library runs filters by it.
-- PostgreSQL-only indexes (partial) live in V2__queue_indexes.pgsql, with H2 stand-ins in db/h2.

create schema if not exists communication;

-- Channel configurations per tenant (SMTP, Twilio, FCM...): settings are provider options.
create table communication.channels (
  tenant_id varchar not null,
  id varchar not null,
  channel varchar not null,
  provider varchar not null,
  settings jsonb,
  enabled boolean not null,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint channels_pk primary key (tenant_id, id)
);

-- A template and which of its versions is active.
create table communication.templates (
  tenant_id varchar not null,
  id varchar not null,
  active_version integer not null,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint templates_pk primary key (tenant_id, id)
);

-- Immutable published versions; variants is a list of {channel, locale, parts}.
create table communication.template_versions (
  tenant_id varchar not null,
  template_id varchar not null,
  version integer not null,
  variants jsonb not null,
  published_by varchar not null,
  published_at timestamp with time zone not null,
  constraint template_versions_pk primary key (tenant_id, template_id, version),
  constraint template_versions_template_fk foreign key (tenant_id, template_id)
    references communication.templates (tenant_id, id) on delete cascade,
  constraint template_versions_version_ck check (version >= 1)
);

-- Delivery policies stored per tenant and topic (retry, throttling, quiet hours), as documents.
create table communication.delivery_policies (
  tenant_id varchar not null,
  topic varchar not null,
  policy jsonb not null,
  updated_at timestamp with time zone not null,
  constraint delivery_policies_pk primary key (tenant_id, topic)
);

-- Conversations and their members (direct and group messaging).
create table communication.conversations (
  id uuid not null,
  tenant_id varchar not null,
  kind varchar not null,
  title text,
  created_by varchar,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint conversations_pk primary key (id),
  constraint conversations_kind_ck check (kind in ('DIRECT', 'GROUP', 'CHANNEL'))
);
create index conversations_tenant_idx on communication.conversations (tenant_id, updated_at desc);

create table communication.conversation_participants (
  conversation_id uuid not null,
  tenant_id varchar not null,
  participant_id varchar not null,
  role varchar not null,
  joined_at timestamp with time zone not null,
  last_read_at timestamp with time zone,
  constraint conversation_participants_pk primary key (conversation_id, participant_id),
  constraint conversation_participants_conversation_fk foreign key (conversation_id)
    references communication.conversations (id) on delete cascade,
  constraint conversation_participants_role_ck check (role in ('OWNER', 'MEMBER', 'VIEWER'))
);
create index conversation_participants_member_idx
  on communication.conversation_participants (tenant_id, participant_id);

-- Accepted notifications (and conversation messages): what to say, to whom is in message_recipients.
-- priority: 0 normal, 1 high, 2 critical (numeric so the queue can order by it).
create table communication.messages (
  id uuid not null,
  tenant_id varchar not null,
  event varchar not null,
  topic varchar not null,
  sender_id varchar,
  conversation_id uuid,
  parent_message_id uuid,
  template_id varchar,
  content jsonb,
  data jsonb not null,
  metadata jsonb not null,
  priority smallint not null,
  idempotency_key varchar,
  created_at timestamp with time zone not null,
  send_at timestamp with time zone not null,
  expires_at timestamp with time zone,
  constraint messages_pk primary key (id),
  constraint messages_conversation_fk foreign key (conversation_id)
    references communication.conversations (id) on delete cascade,
  constraint messages_priority_ck check (priority between 0 and 2)
);
create index messages_sender_idx on communication.messages (sender_id, created_at desc);
create index messages_parent_idx on communication.messages (parent_message_id);

create table communication.message_recipients (
  message_id uuid not null,
  position integer not null,
  tenant_id varchar not null,
  recipient_id varchar not null,
  contact_points jsonb not null,
  locale varchar not null,
  time_zone varchar not null,
  read_at timestamp with time zone,
  constraint message_recipients_pk primary key (message_id, position),
  constraint message_recipients_message_fk foreign key (message_id)
    references communication.messages (id) on delete cascade
);
create index message_recipients_user_idx on communication.message_recipients (recipient_id, read_at);

-- Emoji reactions and edit history of conversation messages.
create table communication.reactions (
  message_id uuid not null,
  tenant_id varchar not null,
  user_id varchar not null,
  emoji varchar not null,
  created_at timestamp with time zone not null,
  constraint reactions_pk primary key (message_id, user_id, emoji),
  constraint reactions_message_fk foreign key (message_id)
    references communication.messages (id) on delete cascade
);

create table communication.message_edits (
  id bigint generated by default as identity,
  message_id uuid not null,
  tenant_id varchar not null,
  edited_by varchar not null,
  edited_at timestamp with time zone not null,
  previous_content jsonb not null,
  constraint message_edits_pk primary key (id),
  constraint message_edits_message_fk foreign key (message_id)
    references communication.messages (id) on delete cascade
);
create index message_edits_message_idx on communication.message_edits (message_id, edited_at);

-- The durable queue: one row per recipient per channel step.
-- due_at is when a worker may take the row: scheduled_at while QUEUED, lease_until while SENDING,
-- null once finished. seq keeps insertion order. claimed_from is the worker whose lease ran out
-- when another took the row over.
create table communication.deliveries (
  id uuid not null,
  seq bigint generated by default as identity,
  tenant_id varchar not null,
  message_id uuid not null,
  recipient_id varchar not null,
  channel varchar not null,
  address text not null,
  locale varchar not null,
  time_zone varchar not null,
  topic varchar not null,
  priority smallint not null,
  status varchar not null,
  attempts integer not null,
  scheduled_at timestamp with time zone not null,
  expires_at timestamp with time zone,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  version bigint not null,
  lease_owner varchar,
  lease_until timestamp with time zone,
  due_at timestamp with time zone,
  claimed_from varchar,
  fallbacks varchar not null,
  escalation_of uuid,
  provider_message_id varchar,
  last_error text,
  constraint deliveries_pk primary key (id),
  constraint deliveries_message_fk foreign key (message_id) references communication.messages (id),
  constraint deliveries_status_ck check (status in ('QUEUED', 'SENDING', 'SENT', 'DELIVERED',
    'READ', 'FAILED', 'DEAD_LETTERED', 'SUPPRESSED', 'CANCELLED', 'EXPIRED')),
  constraint deliveries_priority_ck check (priority between 0 and 2),
  constraint deliveries_attempts_ck check (attempts >= 0)
);
create index deliveries_message_idx on communication.deliveries (message_id, recipient_id, seq);
create index deliveries_provider_idx on communication.deliveries (tenant_id, provider_message_id);

-- One row per call to a provider.
create table communication.delivery_attempts (
  delivery_id uuid not null,
  attempt_number integer not null,
  tenant_id varchar not null,
  message_id uuid not null,
  provider varchar not null,
  started_at timestamp with time zone not null,
  finished_at timestamp with time zone not null,
  outcome varchar not null,
  provider_message_id varchar,
  error text,
  constraint delivery_attempts_pk primary key (delivery_id, attempt_number),
  constraint delivery_attempts_delivery_fk foreign key (delivery_id)
    references communication.deliveries (id) on delete cascade,
  constraint delivery_attempts_outcome_ck check (outcome in ('ACCEPTED', 'RETRYABLE', 'PERMANENT',
    'ERROR'))
);
create index delivery_attempts_message_idx
  on communication.delivery_attempts (message_id, attempt_number);

-- The timeline: every state change of every delivery, in order of seq.
create table communication.delivery_events (
  seq bigint generated by default as identity,
  tenant_id varchar not null,
  message_id uuid not null,
  delivery_id uuid not null,
  channel varchar not null,
  from_state varchar,
  to_state varchar not null,
  at timestamp with time zone not null,
  detail text,
  constraint delivery_events_pk primary key (seq),
  constraint delivery_events_delivery_fk foreign key (delivery_id)
    references communication.deliveries (id) on delete cascade
);
create index delivery_events_message_idx on communication.delivery_events (message_id, seq);
create index delivery_events_delivery_idx on communication.delivery_events (delivery_id);

-- Deliveries whose attempts are spent, in the order they arrived, until replayed or purged.
create table communication.dead_letters (
  seq bigint generated by default as identity,
  delivery_id uuid not null,
  tenant_id varchar not null,
  message_id uuid not null,
  reason text,
  dead_lettered_at timestamp with time zone not null,
  constraint dead_letters_pk primary key (seq),
  constraint dead_letters_delivery_uk unique (delivery_id),
  constraint dead_letters_delivery_fk foreign key (delivery_id)
    references communication.deliveries (id) on delete cascade
);
create index dead_letters_tenant_idx on communication.dead_letters (tenant_id, seq);

-- (tenant, key) -> the first message sent with it. Claimed before the message is written (no foreign
-- key, so the claim can come first); retention removes it with the message.
create table communication.idempotency_keys (
  tenant_id varchar not null,
  idempotency_key varchar not null,
  message_id uuid not null,
  created_at timestamp with time zone not null,
  constraint idempotency_keys_pk primary key (tenant_id, idempotency_key)
);
create index idempotency_keys_message_idx on communication.idempotency_keys (message_id);

-- Each recipient's choices; channels and topics are JSON maps of channel name -> opted in.
create table communication.preferences (
  tenant_id varchar not null,
  recipient_id varchar not null,
  channels jsonb not null,
  topics jsonb not null,
  muted boolean not null,
  quiet_start time,
  quiet_end time,
  critical_override boolean not null,
  version bigint not null,
  updated_at timestamp with time zone not null,
  constraint preferences_pk primary key (tenant_id, recipient_id)
);

create table communication.preference_audit (
  seq bigint generated by default as identity,
  tenant_id varchar not null,
  recipient_id varchar not null,
  actor varchar not null,
  at timestamp with time zone not null,
  before_value jsonb,
  after_value jsonb not null,
  reason text,
  constraint preference_audit_pk primary key (seq)
);
create index preference_audit_recipient_idx
  on communication.preference_audit (tenant_id, recipient_id, seq);

-- Push destinations.
create table communication.devices (
  tenant_id varchar not null,
  platform varchar not null,
  token varchar not null,
  recipient_id varchar not null,
  active boolean not null,
  registered_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  constraint devices_pk primary key (tenant_id, platform, token)
);
create index devices_recipient_idx on communication.devices (tenant_id, recipient_id, active);

-- The in-app inbox: one item per in-app delivery.
create table communication.inbox (
  delivery_id uuid not null,
  tenant_id varchar not null,
  message_id uuid not null,
  recipient_id varchar not null,
  topic varchar not null,
  title text,
  body text,
  link text,
  created_at timestamp with time zone not null,
  read_at timestamp with time zone,
  constraint inbox_pk primary key (delivery_id)
);
create index inbox_recipient_idx
  on communication.inbox (tenant_id, recipient_id, read_at, created_at desc);

-- SLA telemetry aggregated per tenant, channel, metric and window.
create table communication.sla_metrics (
  id bigint generated by default as identity,
  tenant_id varchar not null,
  channel varchar not null,
  metric varchar not null,
  window_start timestamp with time zone not null,
  window_end timestamp with time zone not null,
  metric_value double precision not null,
  samples bigint not null,
  constraint sla_metrics_pk primary key (id),
  constraint sla_metrics_window_uk unique (tenant_id, channel, metric, window_start)
);

-- Routing: escalations to another contact, and the end of two unused seed tables (PostgreSQL and
-- H2 alike).

-- The seed's channels and delivery_policies tables (V1) were never read or written: adapters and
-- delivery policies are configured in code, and what a tenant changes at run time lives in its
-- workflows. Empty tables that look like configuration mislead, so they go.
drop table if exists communication.channels;
drop table if exists communication.delivery_policies;

-- An escalation to another contact (the recipient's manager, say) records who that is: the role
-- the policy names and the host's id of the contact, as the contact directory answered when the
-- escalation was planned. Its address, locale and zone are the route's. Null on every other
-- delivery. A send window needs no column: it is stored in the message's metadata.
alter table communication.deliveries add column contact_role varchar;
alter table communication.deliveries add column contact_id varchar;

-- The seed's channels and delivery_policies tables (V1) were never read or written: adapters and
-- delivery policies are configured in code, and what a tenant changes at run time lives in its
-- workflows. Empty tables that look like configuration mislead, so they go (PostgreSQL and H2
-- alike). A send window needs no column: it is stored in the message's metadata.
drop table if exists communication.channels;
drop table if exists communication.delivery_policies;

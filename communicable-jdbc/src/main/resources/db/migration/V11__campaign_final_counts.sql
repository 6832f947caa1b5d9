-- Final counts of finished campaigns (PostgreSQL and H2 alike). The engine's retention sweep
-- settles a COMPLETED or CANCELLED campaign once none of its deliveries is QUEUED or SENDING: it
-- freezes how many deliveries ended in each state on the campaign row (progress reads them from
-- then on, so purging the deliveries does not take them away), then deletes the campaign's page
-- and message records in bounded chunks. The campaign row itself is kept.

-- settled_at: when the counts were frozen (null: not yet); cleared_at: when the last page record
-- went; settle_visited_at: when the sweep last looked at it (finished campaigns with deliveries
-- still pending are visited again after the others).
alter table communication.campaigns add column settled_at timestamp with time zone;
alter table communication.campaigns add column cleared_at timestamp with time zone;
alter table communication.campaigns add column settle_visited_at timestamp with time zone;
alter table communication.campaigns add column final_sent bigint;
alter table communication.campaigns add column final_delivered bigint;
alter table communication.campaigns add column final_read bigint;
alter table communication.campaigns add column final_failed bigint;
alter table communication.campaigns add column final_dead_lettered bigint;
alter table communication.campaigns add column final_suppressed bigint;
alter table communication.campaigns add column final_cancelled bigint;
alter table communication.campaigns add column final_expired bigint;

-- The sweep looks for finished campaigns not yet cleared.
create index campaigns_settle_idx on communication.campaigns (cleared_at, status);

-- H2 stand-in for db/migration/V2__queue_indexes.pgsql: same names, full (not partial) indexes.
-- Finished rows keep due_at null and stay in this index; NULLS LAST puts them after every due row
-- of their priority, and the H2 claim asks one priority at a time (priority = ? order by due_at
-- nulls last), so a claim reads only due rows, however many finished rows the table holds.
create index deliveries_queue_idx on communication.deliveries (priority desc, due_at nulls last);
create index deliveries_finished_idx on communication.deliveries (updated_at);

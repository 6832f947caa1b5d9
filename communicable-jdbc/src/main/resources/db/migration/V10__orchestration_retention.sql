-- Retention of workflow history (PostgreSQL and H2 alike): the engine's sweep deletes finished
-- runs by age (their steps and collected digest items go with them, on delete cascade), trigger
-- keys whose idempotency window has ended, and digest rows no active run collects. These indexes
-- let each bounded batch find its rows without reading the whole table.

-- Finished runs by last change (active runs are filtered out; they are few next to the history).
create index workflow_runs_updated_idx on communication.workflow_runs (updated_at);

-- Trigger keys by end of their window.
create index workflow_triggers_expires_idx on communication.workflow_triggers (expires_at);

-- Digest rows by end of their window, and by collector (removed with a purged collector).
create index workflow_digests_closes_idx on communication.workflow_digests (closes_at);
create index workflow_digests_collector_idx on communication.workflow_digests (collector_id);

-- How many times a claim took a delivery over (PostgreSQL and H2 alike).

-- Incremented by a claim that takes a SENDING delivery over from a worker whose lease ran out,
-- reset to 0 when a dead letter is replayed. Counted apart from attempts: a worker that dies holds
-- deliveries it never tried. The engine dead-letters a delivery taken over too often (a delivery
-- that kills or hangs every worker that sends it).
alter table communication.deliveries add column takeovers integer not null default 0;

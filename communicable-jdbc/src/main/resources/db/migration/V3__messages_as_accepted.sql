-- What a message records of how it was accepted (PostgreSQL and H2 alike).

-- The template version active at acceptance: every delivery of the message renders that version,
-- whatever is published or rolled back later. Null with inline content, and for messages stored
-- before this column existed (those render the active version).
alter table communication.messages add column template_version integer;

-- The SHA-256 (hex) of what was accepted (event, topic, template, content, data, metadata,
-- recipients, priority, requested send time): a send that reuses the message's idempotency key
-- compares it to tell whether it asked for the same thing. Null for messages stored before.
alter table communication.messages add column content_digest varchar;

-- What a message records of how it was accepted (PostgreSQL and H2 alike).

-- The template version active at acceptance: every delivery of the message renders that version,
-- whatever is published or rolled back later. Null with inline content, and for messages stored
-- before this column existed (those render the active version).
alter table communication.messages add column template_version integer;

-- Idempotency-Key on PATCH /v1/customers/{id}: a replay repeats the first answer's ETag as well as
-- its status and body, so a stored answer keeps the headers a replay repeats. Rows stored before
-- (contact entries, whose Location is made from the body) get none.
ALTER TABLE idempotency_keys ADD COLUMN headers jsonb NOT NULL DEFAULT '{}'::jsonb;

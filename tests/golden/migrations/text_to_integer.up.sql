-- Migration up of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- changed orders.reference from text to integer
-- ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on a big table; can lose data: whatever the USING expression does not carry over; fails on values the USING expression cannot convert
-- no assignment cast
-- REWRITES the table: plan it for a quiet moment
-- DESTRUCTIVE: a narrower type: values that do not fit make it fail, or are cut or rounded (numeric scale, time precision) — a rollback cannot give back what was rounded
ALTER TABLE orders ALTER COLUMN reference TYPE integer USING reference::text::integer;

COMMIT;

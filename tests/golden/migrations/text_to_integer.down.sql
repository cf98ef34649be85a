-- Migration down of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- changed orders.reference from integer to text
-- ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on a big table
-- the values' text form
-- REWRITES the table: plan it for a quiet moment
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TABLE orders ALTER COLUMN reference TYPE text;

COMMIT;

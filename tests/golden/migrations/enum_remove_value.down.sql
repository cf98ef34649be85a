-- Migration down of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added value 'cancelled' to enum type order_status
-- no lock on a table, brief (catalog only)
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TYPE order_status ADD VALUE 'cancelled' AFTER 'delivered';

COMMIT;

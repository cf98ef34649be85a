-- Migration up of shop: 1 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added value 'refunded' to enum type order_status
-- no lock on a table, brief (catalog only)
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'cancelled';

COMMIT;

-- Migration up of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- removed column products.legacy_code
-- ACCESS EXCLUSIVE lock on products, brief (catalog only); can lose data: the column's values (the down script cannot give them back)
-- DESTRUCTIVE: the data it drops cannot be given back by a rollback
ALTER TABLE products DROP COLUMN legacy_code;

COMMIT;

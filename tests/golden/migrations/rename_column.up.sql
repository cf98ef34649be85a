-- Migration up of shop: 1 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- renamed column customers.name to customers.full_name
-- ACCESS EXCLUSIVE lock on customers, brief (catalog only)
ALTER TABLE customers RENAME COLUMN name TO full_name;

COMMIT;

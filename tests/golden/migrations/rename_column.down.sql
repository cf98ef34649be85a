-- Migration down of shop: 1 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- renamed column customers.full_name to customers.name
-- ACCESS EXCLUSIVE lock on customers, brief (catalog only)
ALTER TABLE customers RENAME COLUMN full_name TO name;

COMMIT;

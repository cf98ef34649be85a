-- Migration down of shop: 1 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- made products.description nullable
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
ALTER TABLE products ALTER COLUMN description DROP NOT NULL;

COMMIT;

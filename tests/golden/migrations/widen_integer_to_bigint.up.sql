-- Migration up of shop: 1 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- changed products.stock from integer to bigint
-- ACCESS EXCLUSIVE lock on products for a full rewrite of the table and its indexes: takes time on a big table
-- a new storage size
-- REWRITES the table: plan it for a quiet moment
ALTER TABLE products ALTER COLUMN stock DROP DEFAULT;
ALTER TABLE products ALTER COLUMN stock TYPE bigint;
ALTER TABLE products ALTER COLUMN stock SET DEFAULT 0;

COMMIT;

-- Migration up of shop: 2 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- renamed column products.stock to products.units_in_stock
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
ALTER TABLE products RENAME COLUMN stock TO units_in_stock;

-- changed products.units_in_stock from integer to bigint
-- ACCESS EXCLUSIVE lock on products for a full rewrite of the table and its indexes: takes time on a big table
-- a new storage size
-- REWRITES the table: plan it for a quiet moment
ALTER TABLE products ALTER COLUMN units_in_stock DROP DEFAULT;
ALTER TABLE products ALTER COLUMN units_in_stock TYPE bigint;
ALTER TABLE products ALTER COLUMN units_in_stock SET DEFAULT 0;

COMMIT;

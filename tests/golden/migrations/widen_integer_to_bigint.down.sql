-- Migration down of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- changed products.stock from bigint to integer
-- ACCESS EXCLUSIVE lock on products for a full rewrite of the table and its indexes: takes time on a big table; fails on values that do not fit the new type
-- a new storage size
-- REWRITES the table: plan it for a quiet moment
-- DESTRUCTIVE: a narrower type: values that do not fit make it fail, or are cut or rounded (numeric scale, time precision) — a rollback cannot give back what was rounded
ALTER TABLE products ALTER COLUMN stock DROP DEFAULT;
ALTER TABLE products ALTER COLUMN stock TYPE integer;
ALTER TABLE products ALTER COLUMN stock SET DEFAULT 0;

COMMIT;

-- Migration down of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added column products.legacy_code text
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TABLE products ADD COLUMN legacy_code text;
COMMENT ON COLUMN products.legacy_code IS 'From the old shop; unused.';

COMMIT;

-- Migration down of shop: 2 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- moved table products from schema catalog to public
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
ALTER TABLE catalog.products SET SCHEMA public;

-- removed schema catalog
-- no lock on a table, brief (catalog only); fails on objects still in the schema (without CASCADE)
DROP SCHEMA catalog;

COMMIT;

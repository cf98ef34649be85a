-- Migration up of shop: 2 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added schema catalog
-- no lock on a table, brief (catalog only)
CREATE SCHEMA IF NOT EXISTS catalog;

-- moved table products from schema public to catalog
-- ACCESS EXCLUSIVE lock on catalog.products, brief (catalog only)
ALTER TABLE products SET SCHEMA catalog;

COMMIT;

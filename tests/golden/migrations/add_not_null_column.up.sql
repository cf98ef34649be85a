-- Migration up of shop: 4 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added column products.weight_grams integer NOT NULL
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
-- safe form: added nullable, filled, then proved NOT NULL by a check validated after the COMMIT
ALTER TABLE products ADD COLUMN weight_grams integer;

-- added column products.weight_grams integer NOT NULL: its NULLs checked from now on
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
-- safe form: a NOT VALID check now, validated after the COMMIT under a lock that lets writes go on; SET NOT NULL then skips its scan
-- Backfill here (fill in for your data; in batches on a big table):
-- UPDATE products SET weight_grams = … WHERE weight_grams IS NULL;
ALTER TABLE products ADD CONSTRAINT products_weight_grams_not_null CHECK (weight_grams IS NOT NULL) NOT VALID;

COMMIT;

-- After the COMMIT, each statement on its own: CONCURRENTLY cannot run in a transaction,
-- and a VALIDATE run alone holds only its weaker lock.

-- added column products.weight_grams integer NOT NULL: the check validated
-- SHARE UPDATE EXCLUSIVE lock on products for a full scan of the table: reads and writes go on; fails on rows that break the check
ALTER TABLE products VALIDATE CONSTRAINT products_weight_grams_not_null;

-- Then what needs the steps above: the constraints that use the indexes built, NOT NULL proved by the validated checks.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added column products.weight_grams integer NOT NULL: NOT NULL set, the check dropped
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
ALTER TABLE products ALTER COLUMN weight_grams SET NOT NULL;
ALTER TABLE products DROP CONSTRAINT products_weight_grams_not_null;

COMMIT;

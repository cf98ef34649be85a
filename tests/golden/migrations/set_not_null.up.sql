-- Migration up of shop: 3 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- made products.description NOT NULL
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
-- safe form: a NOT VALID check now, validated after the COMMIT under a lock that lets writes go on; SET NOT NULL then skips its scan
ALTER TABLE products ADD CONSTRAINT products_description_not_null CHECK (description IS NOT NULL) NOT VALID;

COMMIT;

-- After the COMMIT, each statement on its own: CONCURRENTLY cannot run in a transaction,
-- and a VALIDATE run alone holds only its weaker lock.

-- made products.description NOT NULL: the check validated
-- SHARE UPDATE EXCLUSIVE lock on products for a full scan of the table: reads and writes go on; fails on rows that break the check
ALTER TABLE products VALIDATE CONSTRAINT products_description_not_null;

-- Then what needs the steps above: the constraints that use the indexes built, NOT NULL proved by the validated checks.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- made products.description NOT NULL: NOT NULL set, the check dropped
-- ACCESS EXCLUSIVE lock on products, brief (catalog only)
ALTER TABLE products ALTER COLUMN description SET NOT NULL;
ALTER TABLE products DROP CONSTRAINT products_description_not_null;

COMMIT;

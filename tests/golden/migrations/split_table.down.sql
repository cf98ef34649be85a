-- Migration down of shop: 5 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- removed foreign key fk_customer_addresses_customer_id from customer_addresses
-- ACCESS EXCLUSIVE lock on customer_addresses and ACCESS EXCLUSIVE lock on customers, brief (catalog only)
ALTER TABLE customer_addresses DROP CONSTRAINT IF EXISTS fk_customer_addresses_customer_id;

-- removed table customer_addresses
-- ACCESS EXCLUSIVE lock on customer_addresses, brief (catalog only); can lose data: every row of the table; fails on foreign keys of other tables that reference it (without CASCADE)
-- DESTRUCTIVE: the data it drops cannot be given back by a rollback
DROP TABLE customer_addresses;

-- added column customers.street text
-- ACCESS EXCLUSIVE lock on customers, brief (catalog only)
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TABLE customers ADD COLUMN street text;

-- added column customers.city varchar(80)
-- ACCESS EXCLUSIVE lock on customers, brief (catalog only)
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TABLE customers ADD COLUMN city varchar(80);

-- added column customers.postal_code varchar(16)
-- ACCESS EXCLUSIVE lock on customers, brief (catalog only)
-- IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not come back
ALTER TABLE customers ADD COLUMN postal_code varchar(16);

COMMIT;

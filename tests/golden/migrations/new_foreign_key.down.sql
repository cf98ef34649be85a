-- Migration down of shop: 3 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- removed foreign key fk_orders_recipient_id from orders
-- ACCESS EXCLUSIVE lock on orders and ACCESS EXCLUSIVE lock on customers, brief (catalog only)
ALTER TABLE orders DROP CONSTRAINT IF EXISTS fk_orders_recipient_id;

-- removed index ix_orders_recipient_id from orders
-- ACCESS EXCLUSIVE lock on orders, brief (catalog only)
DROP INDEX IF EXISTS ix_orders_recipient_id;

-- removed column orders.recipient_id
-- ACCESS EXCLUSIVE lock on orders, brief (catalog only); can lose data: the column's values (the down script cannot give them back)
-- DESTRUCTIVE: the data it drops cannot be given back by a rollback
ALTER TABLE orders DROP COLUMN recipient_id;

COMMIT;

-- Migration up of shop: 4 step(s), for PostgreSQL 15.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- added column orders.recipient_id bigint
-- ACCESS EXCLUSIVE lock on orders, brief (catalog only)
ALTER TABLE orders ADD COLUMN recipient_id bigint;
COMMENT ON COLUMN orders.recipient_id IS 'References customers.id.';

-- added foreign key fk_orders_recipient_id on orders (recipient_id) → customers (id) ON
-- DELETE SET NULL ON UPDATE NO ACTION
-- SHARE ROW EXCLUSIVE lock on orders and SHARE ROW EXCLUSIVE lock on customers, brief (catalog only)
-- safe form: NOT VALID now, VALIDATE after the COMMIT: writes go on while existing rows are checked
ALTER TABLE orders
    ADD CONSTRAINT fk_orders_recipient_id FOREIGN KEY (recipient_id) REFERENCES customers (id) ON DELETE SET NULL NOT VALID;

COMMIT;

-- After the COMMIT, each statement on its own: CONCURRENTLY cannot run in a transaction,
-- and a VALIDATE run alone holds only its weaker lock.

-- added foreign key fk_orders_recipient_id on orders (recipient_id) → customers (id) ON
-- DELETE SET NULL ON UPDATE NO ACTION: validated
-- SHARE UPDATE EXCLUSIVE lock on orders and ROW SHARE lock on customers for a full scan of the table: reads and writes go on; fails on rows whose key has no match in the referenced table
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_recipient_id;

-- added index ix_orders_recipient_id on orders btree (recipient_id)
-- SHARE UPDATE EXCLUSIVE lock on orders for an index build (a full scan and a sort): reads and writes go on; cannot run inside a transaction block
-- safe form: CONCURRENTLY does not block writes; it runs after the COMMIT
CREATE INDEX CONCURRENTLY ix_orders_recipient_id ON orders (recipient_id);
COMMENT ON INDEX ix_orders_recipient_id IS 'Covers the foreign key orders(recipient_id) → customers: joins from customers and its ON DELETE checks read this index instead of scanning orders.';

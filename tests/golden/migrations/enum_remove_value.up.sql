-- Migration up of shop: 1 step(s), for PostgreSQL 15.
-- WARNING: destructive steps below can lose data.
-- WARNING: irreversible steps below: a rollback cannot give data back.

BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;

-- removed value 'cancelled' from enum type order_status
-- rebuilt: PostgreSQL cannot remove or reorder enum values in place
-- fails if a row holds a removed value: map those rows to a kept value first
-- ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on a big table; can lose data: whatever the USING expression does not carry over; fails on values the USING expression cannot convert
-- DESTRUCTIVE: the data it drops cannot be given back by a rollback
CREATE TYPE order_status__new AS ENUM ('pending', 'paid', 'shipped', 'delivered');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE order_status__new USING status::text::order_status__new;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE order_status;
ALTER TYPE order_status__new RENAME TO order_status;

COMMIT;

-- Sample data for Todo app (demo), written by pg schema designer.
-- 5 rows per table, drawn from seed 1: the same file every time. Keys are written out,
-- so the foreign keys agree.
-- Load it into the empty database schema.sql built, in one transaction:
--     psql -v ON_ERROR_STOP=1 -f sample_data.sql

BEGIN;

-- users: 5 rows
INSERT INTO users (id, email, password_hash, full_name, created_at, updated_at) VALUES
    ('4897d7d9-720b-4343-9c1b-a91b4c09575b', 'ada.lovelace@example.com', '$2b$12$ixXdnPfsovs6vzvxaeWBJIENt5iMC4O52WsMdRSd619TjSgJmAihh', 'Ada Lovelace', '2024-01-09 09:45:00+00', '2024-01-11 04:30:00+00'),
    ('7ea140fa-ad5e-46df-a24e-b0eb244e9e6a', 'alan.turing@example.com', '$2b$12$zOGUEgnM5yZ7XoMwm8DZeOfq7K.mBhrQkiKZzIephvm1h9wzzkJ5v', 'Alan Turing', '2024-01-11 14:30:00+00', '2024-01-14 03:00:00+00'),
    ('e72db462-18ee-457e-b3dc-d245573f2ad7', 'grace.hopper@example.com', '$2b$12$Z.OG4RbhGGzrWrWKGk7pWHzncHoNKiejBBLvrdZ/oME9.4GsQis3N', 'Grace Hopper', '2024-01-15 16:30:00+00', '2024-01-18 05:30:00+00'),
    ('8a3cef5b-4e75-4178-b690-c0d06968b2bb', 'edsger.dijkstra@example.com', '$2b$12$J4KdsYJIdyloyWCTjjK/UOtxQt8ZZD.1hGwNMKtdg9VZurVl8vJKj', 'Edsger Dijkstra', '2024-01-19 13:15:00+00', '2024-01-19 20:15:00+00'),
    ('33e29591-2ebb-48ee-ae4e-d0259f7fee31', 'barbara.liskov@example.com', '$2b$12$/GXA2BXbbbQs3SSxGxM0pfP.VKD5jtTLyr7g7B0HEVUPjki0dPb0F', 'Barbara Liskov', '2024-01-20 16:45:00+00', '2024-01-21 20:00:00+00');

-- todos: 5 rows
INSERT INTO todos (id, user_id, title, description, completed, due_date, created_at, updated_at) VALUES
    ('f61c4899-4fe3-4367-b484-fd705ae097c9', '33e29591-2ebb-48ee-ae4e-d0259f7fee31', 'Buy groceries for the week', 'Milk, eggs, bread and coffee from the corner shop.', true, '2024-02-09', '2024-01-23 12:30:00+00', '2024-01-25 22:15:00+00'),
    ('1251628e-0500-4337-8ec9-d991ccebfd96', '4897d7d9-720b-4343-9c1b-a91b4c09575b', 'Renew passport', 'Check the opening hours before going.', false, '2024-02-24', '2024-01-27 10:30:00+00', '2024-01-28 15:30:00+00'),
    ('e1db0e4f-ae59-4f1d-ab77-663d10c3f8a1', '33e29591-2ebb-48ee-ae4e-d0259f7fee31', 'Write the quarterly report', 'Share a draft with the team by Thursday.', false, '2024-02-28', '2024-01-30 15:30:00+00', '2024-02-01 13:15:00+00'),
    ('3e6d03dd-526c-4e79-9b96-f516f71c5353', '7ea140fa-ad5e-46df-a24e-b0eb244e9e6a', 'Call the plumber about the leak', 'The kitchen tap has been dripping since Monday.', false, '2024-02-15', '2024-02-01 12:30:00+00', '2024-02-01 22:30:00+00'),
    ('0e98afdc-6c73-42df-a3d7-b9f26c6ec669', '33e29591-2ebb-48ee-ae4e-d0259f7fee31', 'Book a dentist appointment', 'Ask for an early morning slot.', false, '2024-02-09', '2024-02-05 10:15:00+00', '2024-02-06 05:30:00+00');

COMMIT;

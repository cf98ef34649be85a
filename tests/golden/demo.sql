-- Todo app (demo)
-- An example design: users and their todo items, as an expert designs them.
--
-- PostgreSQL 15+ DDL, written by pg schema designer.
-- Names: pk_<table>, uq_<table>_<columns>, ck_<table>_<columns>, fk_<table>_<columns>,
-- ix_<table>_<keys>, trg_<table>_updated_at; cut to 63 bytes with a hash suffix.

BEGIN;

-- Keeps updated_at current: every table that has it calls this on UPDATE.
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email varchar(255) NOT NULL,
    password_hash varchar(255) NOT NULL,
    full_name varchar(100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);

CREATE TRIGGER trg_users_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE users IS 'People who sign in and own todo items.';
COMMENT ON COLUMN users.id IS 'Primary key.';
COMMENT ON COLUMN users.email IS 'Sign-in address; unique across users.';
COMMENT ON COLUMN users.password_hash IS 'Password hash (never the password); kept out of API responses.';
COMMENT ON COLUMN users.full_name IS 'Display name.';
COMMENT ON COLUMN users.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN users.updated_at IS 'When the row was last changed (kept by a trigger).';

CREATE TABLE todos (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    title varchar(200) NOT NULL,
    description text,
    completed boolean NOT NULL DEFAULT false,
    due_date date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_todos PRIMARY KEY (id),
    CONSTRAINT ck_todos_title CHECK (char_length(title) > 0),
    CONSTRAINT fk_todos_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

-- Serves the main list query (a user's open or done todos: WHERE user_id = $1 AND
-- completed = $2) and, through its leading column, the foreign key to users for joins
-- and ON DELETE CASCADE.
CREATE INDEX ix_todos_user_id_completed ON todos (user_id, completed);

CREATE TRIGGER trg_todos_updated_at
    BEFORE UPDATE ON todos
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE todos IS 'Things a user has to do; each belongs to exactly one user.';
COMMENT ON COLUMN todos.id IS 'Primary key.';
COMMENT ON COLUMN todos.user_id IS 'The owner; the todo is deleted with its user.';
COMMENT ON COLUMN todos.title IS 'Short summary shown in lists.';
COMMENT ON COLUMN todos.description IS 'Optional details, free text.';
COMMENT ON COLUMN todos.completed IS 'Whether the todo is done.';
COMMENT ON COLUMN todos.due_date IS 'Optional day by which it should be done.';
COMMENT ON COLUMN todos.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN todos.updated_at IS 'When the row was last changed (kept by a trigger).';
COMMENT ON INDEX ix_todos_user_id_completed IS 'Serves the main list query (a user''s open or done todos: WHERE user_id = $1 AND completed = $2) and, through its leading column, the foreign key to users for joins and ON DELETE CASCADE.';

COMMIT;

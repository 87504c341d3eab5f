-- The caller role (issue 13): an account that may only record answers given on the
-- telephone. users.role has a CHECK constraint that SQLite cannot change without
-- rebuilding the table, and dropping it would cascade to sessions and access grants; so a
-- caller is stored as role 'organiser' with caller = 1, and the store reads it back as the
-- role 'caller' (userRole in user.go). A PostgreSQL store can widen the role's check.
ALTER TABLE users ADD COLUMN caller INTEGER NOT NULL DEFAULT 0 CHECK (caller IN (0, 1));

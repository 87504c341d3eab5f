-- Organiser accounts. Names are compared without regard to case. The password hash is an
-- argon2id PHC string; disabled accounts cannot sign in and lose their sessions.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'organiser')),
	password_hash TEXT    NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_day   TEXT    NOT NULL
);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
-- copy of the database cannot be used to sign in. Times are Unix seconds. csrf is the
-- session's anti-forgery token, echoed in every form. No address or user agent is kept.
CREATE TABLE sessions (
	token_hash BLOB    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The one-time link that creates the first admin (SHA-256 of the token; single use).
CREATE TABLE setup_tokens (
	token_hash BLOB    PRIMARY KEY,
	created_at INTEGER NOT NULL
);

-- Who may work on which campaign besides its creator and the admins.
CREATE TABLE campaign_access (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (campaign_id, user_id)
);

-- The creator of a campaign (NULL for campaigns imported from the command line) and
-- whether it is archived (hidden from the campaign list, kept intact).
ALTER TABLE campaigns ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE campaigns ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;

-- Changes to the wording of a demand that already has responses, shown on the demand page
-- so that nobody can change what an answered demand means without it being visible.
CREATE TABLE demand_edits (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	demand_key  TEXT    NOT NULL,
	by_name     TEXT    NOT NULL,
	at          TEXT    NOT NULL,
	old_title   TEXT    NOT NULL,
	new_title   TEXT    NOT NULL,
	old_body    TEXT    NOT NULL,
	new_body    TEXT    NOT NULL,
	reason      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX demand_edits_campaign ON demand_edits (campaign_id);

-- The party confrontation: parties per campaign, the frozen demand list put to them, their
-- secret answer links, their answers with the district's assessment, and follow-up records.
-- Times here are the parties' and organisers' actions (RFC 3339, UTC), never a member's.
CREATE TABLE party_settings (
	campaign_id    INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	assembly_kind  TEXT    NOT NULL,
	assembly_seats INTEGER NOT NULL,
	published      INTEGER NOT NULL DEFAULT 0,
	filter         INTEGER NOT NULL DEFAULT 0,
	frozen_at      TEXT
);

-- version counts saves of the party's answers: a save names the version it started from and
-- is refused when another save came in between (two representatives editing at once).
CREATE TABLE parties (
	id           INTEGER PRIMARY KEY,
	campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	short        TEXT    NOT NULL,
	name         TEXT    NOT NULL,
	colour       TEXT    NOT NULL,
	seats        INTEGER NOT NULL DEFAULT 0,
	refused      INTEGER NOT NULL DEFAULT 0,
	opened_at    TEXT,
	saved_at     TEXT,
	submitted_at TEXT,
	version      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (campaign_id, short)
);

-- The member figures are the ones at freeze time; the wording may be edited afterwards.
CREATE TABLE party_items (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	demand_key  TEXT    NOT NULL,
	title       TEXT    NOT NULL,
	body        TEXT    NOT NULL DEFAULT '',
	member_rank INTEGER NOT NULL DEFAULT 0,
	picks       INTEGER NOT NULL DEFAULT 0,
	share       REAL    NOT NULL DEFAULT 0,
	UNIQUE (campaign_id, demand_key)
);
CREATE INDEX party_items_campaign ON party_items (campaign_id, position);

-- Only the SHA-256 of a link's token is kept; the token itself is shown once.
CREATE TABLE party_links (
	id         INTEGER PRIMARY KEY,
	party_id   INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
	token_hash BLOB    NOT NULL UNIQUE,
	created_at TEXT    NOT NULL,
	expires_at TEXT    NOT NULL,
	revoked_at TEXT
);
CREATE INDEX party_links_party ON party_links (party_id);

CREATE TABLE party_answers (
	party_id   INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
	item_id    INTEGER NOT NULL REFERENCES party_items (id) ON DELETE CASCADE,
	answer     TEXT    NOT NULL DEFAULT '',
	comment    TEXT    NOT NULL DEFAULT '',
	assessment TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (party_id, item_id)
) WITHOUT ROWID;

CREATE TABLE party_followups (
	id       INTEGER PRIMARY KEY,
	party_id INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
	item_id  INTEGER NOT NULL REFERENCES party_items (id) ON DELETE CASCADE,
	status   TEXT    NOT NULL,
	day      TEXT    NOT NULL,
	note     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX party_followups_party ON party_followups (party_id, item_id);

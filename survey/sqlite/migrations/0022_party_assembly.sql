-- Parties belong to an assembly ("S i Huddinge"): the same short name may now stand in
-- several assemblies of a campaign, so UNIQUE (campaign_id, short) becomes
-- UNIQUE (assembly_id, short). SQLite cannot drop a table constraint, so the table is
-- rebuilt. The migration runs in one transaction with foreign keys on, where dropping the
-- old table would cascade to the links, answers and follow-ups: they are copied aside
-- first and put back (same ids) once the new table has taken the old one's name.
CREATE TABLE parties_new (
	id           INTEGER PRIMARY KEY,
	campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	assembly_id  INTEGER NOT NULL REFERENCES assemblies (id) ON DELETE CASCADE,
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
	UNIQUE (assembly_id, short)
);

INSERT INTO parties_new (id, campaign_id, assembly_id, position, short, name, colour, seats, refused,
	opened_at, saved_at, submitted_at, version)
SELECT p.id, p.campaign_id, a.id, p.position, p.short, p.name, p.colour, p.seats, p.refused,
	p.opened_at, p.saved_at, p.submitted_at, p.version
FROM parties p JOIN assemblies a ON a.campaign_id = p.campaign_id;

CREATE TABLE keep_party_links AS SELECT * FROM party_links;
CREATE TABLE keep_party_answers AS SELECT * FROM party_answers;
CREATE TABLE keep_party_followups AS SELECT * FROM party_followups;

DROP TABLE parties;
ALTER TABLE parties_new RENAME TO parties;
CREATE INDEX parties_campaign ON parties (campaign_id, position);

INSERT INTO party_links SELECT * FROM keep_party_links;
INSERT INTO party_answers SELECT * FROM keep_party_answers;
INSERT INTO party_followups SELECT * FROM keep_party_followups;
DROP TABLE keep_party_links;
DROP TABLE keep_party_answers;
DROP TABLE keep_party_followups;

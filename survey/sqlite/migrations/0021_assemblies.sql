-- Several assemblies per campaign (issue 15 part 1): the councils and parliaments a
-- campaign's demands are put to, each with its own parties and seats. Every campaign that
-- has party settings gets one assembly made from them (the old assembly_kind and
-- assembly_seats stay in party_settings, unused, so nothing is lost).
CREATE TABLE assemblies (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	key         TEXT    NOT NULL,
	name        TEXT    NOT NULL,
	level       TEXT    NOT NULL,
	seats       INTEGER NOT NULL,
	UNIQUE (campaign_id, key)
);

INSERT INTO assemblies (campaign_id, position, key, name, level, seats)
SELECT campaign_id, 0,
	CASE assembly_kind WHEN 'kommunfullmaktige' THEN 'kommun' WHEN 'regionfullmaktige' THEN 'region' ELSE 'riksdag' END,
	CASE assembly_kind WHEN 'kommunfullmaktige' THEN 'Kommunfullmäktige' WHEN 'regionfullmaktige' THEN 'Regionfullmäktige' ELSE 'Riksdagen' END,
	CASE assembly_kind WHEN 'kommunfullmaktige' THEN 'kommun' WHEN 'regionfullmaktige' THEN 'region' ELSE 'riksdag' END,
	assembly_seats
FROM party_settings;

-- Parties without settings (not made by this program, but possible in an old file) get the
-- default assembly, the Riksdag.
INSERT INTO assemblies (campaign_id, position, key, name, level, seats)
SELECT DISTINCT campaign_id, 0, 'riksdag', 'Riksdagen', 'riksdag', 349 FROM parties
WHERE campaign_id NOT IN (SELECT campaign_id FROM assemblies);

-- The demand list keeps, per item, the keys of the assemblies the demand is put to, as
-- captured at freeze time (comma-separated; '' means every assembly).
ALTER TABLE party_items ADD COLUMN assemblies TEXT NOT NULL DEFAULT '';

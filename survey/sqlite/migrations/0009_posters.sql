-- The printed demand list's sender, election day, call to action and logo (issue 16).
-- One row per campaign that has any; the logo is a small PNG or JPEG checked by the web
-- layer (type sniffed and decoded, at most 512 KiB and 4000 px a side).
CREATE TABLE posters (
	campaign_id  INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	sender       TEXT NOT NULL DEFAULT '',
	election_day TEXT NOT NULL DEFAULT '',
	call         TEXT NOT NULL DEFAULT '',
	logo_type    TEXT NOT NULL DEFAULT '',
	logo         BLOB
);

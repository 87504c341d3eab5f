-- The visit log of workplaces (issue 13 part 6): what the district did at a workplace and
-- when, so that visits can be planned and their effect seen. It records the district's
-- work (who went, what was done), never anything about a member or a response.
CREATE TABLE workplace_visits (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	workplace   TEXT    NOT NULL,
	day         TEXT    NOT NULL,
	kind        TEXT    NOT NULL,
	note        TEXT    NOT NULL DEFAULT '',
	who         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX workplace_visits_campaign ON workplace_visits (campaign_id, day);

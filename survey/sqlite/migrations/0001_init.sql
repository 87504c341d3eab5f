-- Campaigns are stored as their campaign file (JSON) beside the columns we query by.
CREATE TABLE campaigns (
	id          INTEGER PRIMARY KEY,
	slug        TEXT    NOT NULL UNIQUE,
	state       TEXT    NOT NULL,
	doc         TEXT    NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	created_day TEXT    NOT NULL
);

-- A response is one anonymous ballot. It has no time of day, no address, no user agent:
-- only the day it arrived. seq is internal and never exported (it follows arrival order).
-- ranking holds the demand keys in rank order separated by ",", background holds
-- "question=option" pairs sorted by question and separated by "&".
CREATE TABLE responses (
	seq         INTEGER PRIMARY KEY,
	id          TEXT    NOT NULL UNIQUE,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	workplace   TEXT    NOT NULL DEFAULT '',
	channel     TEXT    NOT NULL,
	day         TEXT    NOT NULL,
	ranking     TEXT    NOT NULL,
	background  TEXT    NOT NULL DEFAULT '',
	proposal    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX responses_campaign ON responses (campaign_id);

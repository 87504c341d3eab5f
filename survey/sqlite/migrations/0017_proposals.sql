-- The intake round (issue 14). A proposal is a demand proposed by a member or a club
-- meeting: area ('' for "annat"), title, why (body), optional background answers and, for a
-- meeting, how many members took part. Like a response it keeps the day it arrived and
-- nothing else about who sent it, and the table is clustered by campaign and random id
-- (WITHOUT ROWID), so neither rows nor pages follow arrival order.
-- source is 'intake' (the proposal form and API) or 'ballot' (the free-text proposal of a
-- ranking answer, copied here under a new random id, never the response's).
-- status is the inbox's: 'new', 'merged' (into the demand with key demand_key) or 'aside'
-- (with reason). A demand's provenance is counted from its merged proposals.
CREATE TABLE proposals (
	campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	id              TEXT    NOT NULL,
	source          TEXT    NOT NULL,
	workplace       TEXT    NOT NULL DEFAULT '',
	area            TEXT    NOT NULL DEFAULT '',
	title           TEXT    NOT NULL,
	body            TEXT    NOT NULL DEFAULT '',
	background      TEXT    NOT NULL DEFAULT '',
	meeting_members INTEGER NOT NULL DEFAULT 0,
	day             TEXT    NOT NULL,
	status          TEXT    NOT NULL DEFAULT 'new',
	demand_key      TEXT    NOT NULL DEFAULT '',
	reason          TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (campaign_id, id)
) WITHOUT ROWID;

-- The free-text proposals that ranking answers already carry join the inbox. The title is
-- the first line, cut to 120 characters; the body the whole text when it is longer.
INSERT INTO proposals (campaign_id, id, source, workplace, title, body, day)
SELECT campaign_id,
	lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
		substr('89ab', 1 + abs(random() % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
	'ballot', workplace,
	CASE WHEN length(first) > 120 THEN trim(substr(first, 1, 119)) || '…' ELSE first END,
	CASE WHEN first = text THEN '' ELSE text END,
	day
FROM (SELECT campaign_id, workplace, day, trim(proposal) AS text,
	trim(CASE WHEN instr(trim(proposal), char(10)) > 0 THEN substr(trim(proposal), 1, instr(trim(proposal), char(10)) - 1) ELSE trim(proposal) END) AS first
	FROM responses WHERE trim(proposal) <> '');

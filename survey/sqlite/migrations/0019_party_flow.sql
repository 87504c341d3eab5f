-- Parties, round 2 (issue 15): one answer deadline for the whole campaign. It is a day
-- (YYYY-MM-DD) in the campaign's time zone; every answer link works to the end of it, and
-- moving it moves the end of every link that is not revoked.
ALTER TABLE party_settings ADD COLUMN deadline TEXT NOT NULL DEFAULT '';

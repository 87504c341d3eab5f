-- Rating ballots (issue 21): a response to a campaign whose members rate the demands holds
-- its scores as "demand=score" pairs sorted by demand key and separated by "&", the same
-- form as background. Ranking ballots leave it empty.
ALTER TABLE responses ADD COLUMN ratings TEXT NOT NULL DEFAULT '';

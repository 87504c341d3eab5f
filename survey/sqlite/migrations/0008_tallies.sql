-- The tally of each campaign's counted responses (issue 18): the sums every figure of the
-- report is computed from (picks, first choices, Borda points, places, the pairwise
-- matrix, rating distributions, per breakdown group with the sum of its record keys), in
-- the binary encoding of report.Tally, which records the campaign shape it counts by. The
-- writer adds responses to it in the transaction that marks them counted, so the tally
-- and the rows always commit together. A missing tally, or one whose shape no longer
-- fits the campaign, is counted again from the rows when the store opens (this migration
-- leaves every campaign without one) and when the campaign is saved.
CREATE TABLE tallies (
	campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	data        BLOB    NOT NULL
);

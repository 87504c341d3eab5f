-- The tally of each campaign's counted responses (issue 18): the sums every figure of the
-- report is computed from (picks, first choices, Borda points, places, the pairwise
-- matrix, rating distributions, per breakdown group with the sum of its record keys), in
-- the binary encoding of report.Tally, which records the campaign shape it counts by. The
-- writer adds responses to it in the transaction that marks them counted, so the tally
-- and the rows always commit together. A missing tally, or one whose shape no longer
-- fits the campaign, is counted again from the rows when the store opens (this migration
-- leaves every campaign without one) and when the campaign is saved.
-- responses is the number of responses the tally counts, readable without decoding it.
CREATE TABLE tallies (
	campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	responses   INTEGER NOT NULL,
	data        BLOB    NOT NULL
);

-- The number of responses per campaign and day (pending ones included: the progress page
-- shows how many have answered, live), kept by the writer in the transaction that stores
-- them, so that progress does not group every row by day.
CREATE TABLE response_days (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	day         TEXT    NOT NULL,
	n           INTEGER NOT NULL,
	PRIMARY KEY (campaign_id, day)
) WITHOUT ROWID;

INSERT INTO response_days (campaign_id, day, n) SELECT campaign_id, day, COUNT(*) FROM responses GROUP BY campaign_id, day;

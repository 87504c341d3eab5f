-- Campaigns whose rows were rewritten in the order of their random ids after they closed
-- (seal.go): how many responses the campaign had then. PostgreSQL's heap keeps rows in the
-- order they were written, with the id of the transaction that wrote them (xmin); a
-- campaign that has more responses than it was sealed with is sealed again when it is
-- closed.
CREATE TABLE sealed (
	campaign_id BIGINT  PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
	responses   INTEGER NOT NULL
);

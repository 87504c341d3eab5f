-- What every instance must see the same (survey.SharedStore, survey/postgres/shared.go).
--
-- The throttles' counters: sign-in attempts per account and client address, wrong access
-- codes per address and per campaign, response ids burned by a conflicting resend. Keys
-- are kept only as SHA-256 hashes, rows only until an hour after their last change.
-- UNLOGGED: never written to the WAL, so never in a replica or a WAL archive; a crash of
-- the server empties the table, which forgets recent attempts and nothing else.
CREATE UNLOGGED TABLE throttle_counters (
	key_hash BYTEA PRIMARY KEY,
	n DOUBLE PRECISION NOT NULL,
	at TIMESTAMPTZ NOT NULL
);
CREATE INDEX throttle_counters_at ON throttle_counters (at);

-- Keys that sign the web layer's forms (the sign-in form's anti-forgery token), made at
-- random on first use, so that a form one instance signed is accepted by every other.
CREATE TABLE signing_keys (
	name TEXT PRIMARY KEY,
	key BYTEA NOT NULL CHECK (length(key) = 32)
);

package main

import (
	"context"
	"fmt"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/postgres"
	"kravlistan/survey/sqlite"
)

// Store is what every command opens with -db: the storage interfaces, and closing. A file
// path opens survey/sqlite, a postgres:// or postgresql:// URL survey/postgres.
type Store interface {
	survey.Store
	// InsertResponses writes generated responses in bulk (generate).
	InsertResponses(ctx context.Context, campaignID int64, rs []*survey.Response) error
	Close() error
	Ping(ctx context.Context) error
}

// tallyChecker is a store that can compare its kept tally with a recount (verify -tally).
type tallyChecker interface {
	StoredTally(ctx context.Context, slug string) (stored, recount survey.Tally, err error)
	DayCountsMatch(ctx context.Context, campaignID int64) (bool, error)
}

// openOptions are what a command asks of the store beyond the defaults.
type openOptions struct {
	// keepTallies leaves missing or stale tallies as they are at open (verify -tally
	// checks the database as it was left).
	keepTallies bool
}

// isPostgres reports whether db names a PostgreSQL database (a URL) rather than a file.
func isPostgres(db string) bool { return postgres.IsDSN(db) }

// Both stores are what the commands need.
var (
	_ Store = (*sqlite.Store)(nil)
	_ Store = (*postgres.Store)(nil)
)

// openDB opens the database db names. Every store keeps the tally of each campaign
// (report.Tallies) with its answers.
func openDB(ctx context.Context, db string, o openOptions) (Store, error) {
	if isPostgres(db) {
		st, err := postgres.OpenWith(ctx, db, postgres.Options{Tallier: report.Tallies{}, KeepTallies: o.keepTallies})
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	st, err := sqlite.OpenWith(ctx, db, sqlite.Options{Tallier: report.Tallies{}, KeepTallies: o.keepTallies})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// openStore opens the database for a command, with a message that says what to do.
func openStore(ctx context.Context, db string) (Store, error) {
	st, err := openDB(ctx, db, openOptions{})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w (check -db or KRAVLISTAN_DB)", redactDB(db), err)
	}
	return st, nil
}

// setHooks hands the store's figures (the size of every committed batch, every outcome of
// a submission) to the metrics.
func setHooks(st Store, batch func(int), outcome func(survey.Outcome, error)) {
	switch s := st.(type) {
	case *sqlite.Store:
		s.BatchHook, s.OutcomeHook = batch, outcome
	case *postgres.Store:
		s.BatchHook, s.OutcomeHook = batch, outcome
	}
}

// redactDB returns db as it may be logged: a URL without its password (in the user part
// or as a password= parameter); a file path as it is.
func redactDB(db string) string {
	if !isPostgres(db) {
		return db
	}
	return postgres.Redact(db)
}

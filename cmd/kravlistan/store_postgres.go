package main

import (
	"context"
	"fmt"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/postgres"
)

// openPostgres opens a PostgreSQL database (survey/postgres).
func openPostgres(ctx context.Context, dsn string, o openOptions) (Store, error) {
	pg, err := postgres.OpenWith(ctx, dsn, postgres.Options{Tallier: report.Tallies{}, KeepTallies: o.keepTallies})
	if err != nil {
		return nil, err
	}
	// Asked at run time while the store's files are being ported (issue 20).
	st, ok := any(pg).(Store)
	if !ok {
		pg.Close()
		return nil, fmt.Errorf("this kravlistan's PostgreSQL store is not complete yet: use a SQLite file")
	}
	return st, nil
}

// setPostgresHooks sets the hooks of a PostgreSQL store.
func setPostgresHooks(st Store, batch func(int), outcome func(survey.Outcome, error)) {
	if pg, ok := any(st).(*postgres.Store); ok {
		pg.BatchHook, pg.OutcomeHook = batch, outcome
	}
}

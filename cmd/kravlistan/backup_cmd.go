package main

import (
	"context"
	"fmt"
	"os"

	"kravlistan/report"
	"kravlistan/survey/sqlite"
)

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "backup", "backup -db FILE OUT.db")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args, "OUT.db"); err != nil {
		return err
	}
	out := fs.Arg(0)
	if isPostgres(*db) {
		fmt.Fprintf(e.stderr, "kravlistan: backup copies SQLite files only; back up a PostgreSQL database with pg_dump, e.g.\n"+
			"  pg_dump --format=custom --file=kravlistan.dump '%s'\n"+
			"and restore it with pg_restore (or use the continuous archiving your PostgreSQL already has)\n", redactDB(*db))
		return errExit1
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists already: choose a new file name for the backup", out)
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("database %s: %w (check the -db path)", *db, err)
	}
	st, err := sqlite.OpenWith(ctx, *db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		return fmt.Errorf("open database %s: %w (check -db or KRAVLISTAN_DB)", *db, err)
	}
	defer st.Close()
	if err := st.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", out)
	return nil
}

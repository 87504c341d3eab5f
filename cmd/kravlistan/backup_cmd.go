package main

import (
	"context"
	"fmt"
	"os"
)

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "backup", "backup -db FILE OUT.db")
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args, "OUT.db"); err != nil {
		return err
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists already: choose a new file name for the backup", out)
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("database %s: %w (check the -db path)", *db, err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", out)
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
)

func cmdReport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "report", "report -db FILE [-format json] [-o FILE] SLUG")
	db := dbFlag(fs, e)
	format := fs.String("format", "json", "output format: json")
	out := fs.String("o", "", "write to this file instead of stdout")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if *format != "json" {
		return &usageError{msg: fmt.Sprintf("unknown -format %q: use json", *format)}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := computeReport(ctx, st, fs.Arg(0))
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// computeReport counts every response of the campaign with the given slug.
func computeReport(ctx context.Context, st *sqlite.Store, slug string) (*report.Results, error) {
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	t := report.NewTally(c)
	if err := st.EachResponse(ctx, c.ID, sqlite.Unordered, t.Add); err != nil {
		return nil, err
	}
	return t.Results(time.Now()), nil
}

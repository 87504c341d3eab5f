package main

import (
	"context"
	"fmt"
	"time"

	"kravlistan/cmd/kravlistan/internal/sample"
	"kravlistan/survey"
)

func cmdGenerate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "generate", "generate -db FILE -responses N [-seed S] SLUG")
	db := dbFlag(fs, e)
	n := fs.Int("responses", 1000, "number of random responses to write")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same ballots (ids are always new)")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if *n < 0 {
		return &usageError{msg: "-responses must be 0 or more"}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.Campaign(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	start := time.Now()
	err = sample.Responses(c, *n, *seed, 5000, func(batch []*survey.Response) error {
		return st.InsertResponses(ctx, c.ID, batch)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d random responses to campaign %q in %s\n", *n, c.Slug, time.Since(start).Round(time.Millisecond))
	return nil
}

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// cmdVerify checks that every acknowledged response id in a file is stored exactly once.
func cmdVerify(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "verify", "verify -db FILE -ids FILE SLUG")
	db := dbFlag(fs, e)
	idsFile := fs.String("ids", "", "file with one acknowledged response id per line (from loadtest -ids)")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	if *idsFile == "" {
		return &usageError{msg: "verify needs -ids FILE"}
	}
	want, err := readIDs(*idsFile)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := verifyIDs(ctx, st, fs.Arg(0), want)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "acknowledged %d, stored %d of them, missing %d, listed twice %d; %d other responses in the campaign\n",
		len(want), res.found, len(res.missing), len(res.duplicates), res.unlisted)
	for _, id := range res.missing {
		fmt.Fprintf(e.stdout, "missing %s\n", id)
	}
	for _, id := range res.duplicates {
		fmt.Fprintf(e.stdout, "listed twice %s\n", id)
	}
	if len(res.missing) > 0 || len(res.duplicates) > 0 {
		return errExit1
	}
	return nil
}

type verifyResult struct {
	found      int
	missing    []string
	duplicates []string
	unlisted   int // stored but not in the file: sent, but the answer never reached the client
}

func readIDs(path string) (map[uuid.UUID]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read ids: %w", err)
	}
	defer f.Close()
	ids := map[uuid.UUID]int{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %q is not a response id", path, line, s)
		}
		ids[id]++
	}
	return ids, sc.Err()
}

// verifyIDs compares the acknowledged ids with what the campaign holds. Every stored id
// is unique by the schema, so "stored twice" shows up as the same id acknowledged twice as
// new (201), which the load tool never does for a replay.
func verifyIDs(ctx context.Context, st *sqlite.Store, slug string, want map[uuid.UUID]int) (*verifyResult, error) {
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	res := &verifyResult{}
	seen := make(map[uuid.UUID]bool, len(want))
	err = st.EachResponse(ctx, c.ID, sqlite.Unordered, func(r *survey.Response) error {
		if _, ok := want[r.ID]; ok {
			seen[r.ID] = true
			res.found++
		} else {
			res.unlisted++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id, n := range want {
		if !seen[id] {
			res.missing = append(res.missing, id.String())
		}
		if n > 1 {
			res.duplicates = append(res.duplicates, id.String())
		}
	}
	return res, nil
}

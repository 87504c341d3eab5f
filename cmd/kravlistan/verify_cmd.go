package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/google/uuid"
)

// cmdVerify checks that every acknowledged response id in a file is stored exactly once,
// or (-tally) that a campaign's kept tally is exactly a recount of its answers.
func cmdVerify(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "verify", "verify -db FILE -ids FILE SLUG | verify -db FILE -tally SLUG")
	db := dbFlag(fs, e)
	idsFile := fs.String("ids", "", "file with one acknowledged response id per line (from loadtest -ids)")
	tally := fs.String("tally", "", "campaign whose kept tally is compared with a recount of its answers")
	positional := []string{"SLUG"}
	if hasFlag(args, "tally") {
		positional = nil // -tally SLUG names the campaign
	}
	if err := parseFlags(fs, args, positional...); err != nil {
		return err
	}
	if *tally != "" {
		if *idsFile != "" {
			return &usageError{msg: "use either -ids FILE SLUG or -tally SLUG"}
		}
		return verifyTally(ctx, e, *db, *tally)
	}
	if *idsFile == "" {
		return &usageError{msg: "verify needs -ids FILE (or -tally SLUG)"}
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
func verifyIDs(ctx context.Context, st survey.Store, slug string, want map[uuid.UUID]int) (*verifyResult, error) {
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	res := &verifyResult{}
	seen := make(map[uuid.UUID]bool, len(want))
	err = st.EachResponse(ctx, c.ID, survey.Unordered, func(r *survey.Response) error {
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

// hasFlag reports whether args set the flag name (-name, --name, -name=…).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// verifyTally compares the tally kept for campaign slug with a recount of its answers, as
// a crash or an older tool left the file (missing tallies are not counted at open), and
// the counts by day with the rows. Any difference exits with status 1.
func verifyTally(ctx context.Context, e env, db, slug string) error {
	st, err := openDB(ctx, db, openOptions{keepTallies: true})
	if err != nil {
		return fmt.Errorf("open database %s: %w (check -db or KRAVLISTAN_DB)", redactDB(db), err)
	}
	defer st.Close()
	tc, isChecker := st.(tallyChecker)
	if !isChecker {
		return fmt.Errorf("verify -tally: the store of %s cannot compare its tally with a recount", redactDB(db))
	}
	c, err := st.Campaign(ctx, slug)
	if err != nil {
		return fmt.Errorf("%s (check the slug)", survey.ErrorMessage(err))
	}
	stored, recount, err := tc.StoredTally(ctx, slug)
	if err != nil {
		return err
	}
	days, err := tc.DayCountsMatch(ctx, c.ID)
	if err != nil {
		return err
	}
	ok := true
	switch {
	case stored == nil:
		fmt.Fprintf(e.stdout, "campaign %q has no tally (it is counted from the answers when the server starts)\n", slug)
		ok = false
	case !stored.Fits(c):
		fmt.Fprintf(e.stdout, "the tally of %q counts by other demands, questions or workplaces than the campaign has\n", slug)
		ok = false
	case !stored.(*report.Tally).Equal(recount.(*report.Tally)):
		fmt.Fprintf(e.stdout, "the tally of %q differs from a recount of its answers: %d counted in the tally, %d in the recount\n",
			slug, stored.Responses(), recount.Responses())
		ok = false
	default:
		fmt.Fprintf(e.stdout, "the tally of %q is a recount of its answers: %d counted\n", slug, recount.Responses())
	}
	if !days {
		fmt.Fprintf(e.stdout, "the counts by day of %q differ from its answers\n", slug)
		ok = false
	}
	if !ok {
		return errExit1
	}
	return nil
}

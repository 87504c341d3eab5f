package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	_ "modernc.org/sqlite"
)

// verify -tally passes on a database the commands wrote, and fails (status 1, saying what
// differs) when the tally counts other answers, is missing, or the counts by day are off.
func TestVerifyTally(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, _, err := runCLI(t, nil, "generate", "-db", db, "-responses", "503", "demo"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, nil, "verify", "-db", db, "-tally", "demo")
	if err != nil || !strings.Contains(out, "is a recount of its answers: 503 counted") {
		t.Fatalf("verify -tally after generate: %v\n%s", err, out)
	}

	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	// A tally of the right shape that counts one answer too few.
	var blob []byte
	if err := raw.QueryRow(`SELECT data FROM tallies`).Scan(&blob); err != nil {
		t.Fatal(err)
	}
	st2, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := st2.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	short := report.NewTally(cc)
	n := 0
	if err := st2.EachCounted(ctx, cc, time.Now(), func(r *survey.Response) error {
		if n++; n < 503 {
			return short.Add(r)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st2.Close()
	wrong, _ := short.MarshalBinary()
	exec(`UPDATE tallies SET data = ?, responses = 502`, wrong)
	out, _, err = runCLI(t, nil, "verify", "-db", db, "-tally", "demo")
	if exitCode(err) != 1 || !strings.Contains(out, "differs from a recount") {
		t.Fatalf("a tally one answer short: %v\n%s", err, out)
	}
	exec(`UPDATE tallies SET data = ?, responses = 503`, blob)
	if _, _, err := runCLI(t, nil, "verify", "-db", db, "-tally", "demo"); err != nil {
		t.Fatalf("the right tally back: %v", err)
	}
	exec(`UPDATE response_days SET n = n + 1 WHERE day = (SELECT MIN(day) FROM response_days)`)
	out, _, err = runCLI(t, nil, "verify", "-db", db, "-tally", "demo")
	if exitCode(err) != 1 || !strings.Contains(out, "counts by day") {
		t.Fatalf("counts by day one off: %v\n%s", err, out)
	}
	exec(`UPDATE response_days SET n = n - 1 WHERE day = (SELECT MIN(day) FROM response_days)`)
	exec(`DELETE FROM tallies`)
	out, _, err = runCLI(t, nil, "verify", "-db", db, "-tally", "demo")
	if exitCode(err) != 1 || !strings.Contains(out, "has no tally") {
		t.Fatalf("no tally: %v\n%s", err, out)
	}
	// Any command that opens the store counts it again.
	if _, _, err := runCLI(t, nil, "report", "-db", db, "-format", "json", "demo"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, nil, "verify", "-db", db, "-tally", "demo"); err != nil {
		t.Fatalf("after a command counted it again: %v", err)
	}
	if _, _, err := runCLI(t, nil, "verify", "-db", db, "-tally", "demo", "-ids", "x"); exitCode(err) != 2 {
		t.Fatalf("-tally with -ids: %v", err)
	}
}

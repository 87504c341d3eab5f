package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"kravlistan/survey"
)

func mustIssue(t *testing.T, st *Store, c *survey.Campaign, wp string, n int) []string {
	t.Helper()
	_, codes, err := st.IssueCodes(context.Background(), c.ID, wp, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != n {
		t.Fatalf("issued %d codes, want %d", len(codes), n)
	}
	return codes
}

func withCode(code string, ranking ...string) *survey.Response {
	r := ballot(ranking...)
	r.Code = code
	return r
}

func TestCodeLifecycle(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	codes := mustIssue(t, st, c, "", 3)
	for _, code := range codes {
		if _, ok := survey.NormalizeCode(code); !ok || len(code) != survey.CodeLength {
			t.Fatalf("issued code %q is not canonical", code)
		}
	}
	// Typed in lower case with a dash: the same code.
	r := withCode(strings.ToLower(survey.FormatCode(codes[0])), "heltid")
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Created {
		t.Fatalf("first use: %v %v", out, err)
	}
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Replayed {
		t.Fatalf("same id and code again: %v %v, want Replayed", out, err)
	}
	if _, err := st.Submit(ctx, c.ID, withCode(codes[0], "heltid")); err != survey.ErrCodeUsed {
		t.Fatalf("used code, new answer: %v, want ErrCodeUsed", err)
	}
	if _, err := st.Submit(ctx, c.ID, withCode("ZZZZ-ZZZZ", "heltid")); err != survey.ErrCodeUnknown {
		t.Fatalf("unknown code: %v", err)
	}
	if _, err := st.Submit(ctx, c.ID, withCode("nonsense", "heltid")); err != survey.ErrCodeUnknown {
		t.Fatalf("malformed code: %v", err)
	}
	total, _, err := st.CodeCounts(ctx, c.ID)
	if err != nil || total.Issued != 3 || total.Used != 1 {
		t.Fatalf("counts %+v %v, want 3 issued 1 used", total, err)
	}
	// Voiding the batch: the unused codes stop working, the used one stays counted.
	batches, err := st.CodeBatches(ctx, c.ID)
	if err != nil || len(batches) != 1 {
		t.Fatal(batches, err)
	}
	if err := st.VoidCodeBatch(ctx, c.ID, batches[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(ctx, c.ID, withCode(codes[1], "heltid")); err != survey.ErrCodeUnknown {
		t.Fatalf("voided code: %v, want ErrCodeUnknown", err)
	}
	total, _, _ = st.CodeCounts(ctx, c.ID)
	if total.Issued != 1 || total.Used != 1 {
		t.Fatalf("after voiding: %+v, want 1 issued 1 used", total)
	}
	if err := st.VoidCodeBatch(ctx, c.ID+1, batches[0].ID); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("voiding another campaign's batch: %v", err)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}
}

// TestCodeRace: 50 goroutines send different answers with the same code at once; exactly
// one is stored and the others are told the code is used.
func TestCodeRace(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	code := mustIssue(t, st, c, "", 1)[0]
	var (
		wg             sync.WaitGroup
		mu             sync.Mutex
		created, usedN int
		others         []error
		start          = make(chan struct{})
		batchSizes     []int
		demands        = c.Demands
	)
	st.BatchHook = func(n int) { mu.Lock(); batchSizes = append(batchSizes, n); mu.Unlock() }
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out, err := st.Submit(ctx, c.ID, withCode(code, demands[i%len(demands)].Key))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && out == Created:
				created++
			case err == survey.ErrCodeUsed:
				usedN++
			default:
				others = append(others, fmt.Errorf("%v %v", out, err))
			}
		}()
	}
	close(start)
	wg.Wait()
	if created != 1 || usedN != 49 || len(others) > 0 {
		t.Fatalf("created %d, used %d, other %v; want 1 and 49", created, usedN, others)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d answers stored, want exactly 1", n)
	}
	t.Logf("batch sizes: %v", batchSizes)
}

// tableColumns lists every table of the database with its columns.
func tableColumns(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, tb := range tables {
		rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, tb)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			out[tb] = append(out[tb], n)
		}
		rows.Close()
	}
	return out
}

// cellValues returns every value of every column as text, keyed by "table.column".
func cellValues(t *testing.T, db *sql.DB, cols map[string][]string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for tb, cs := range cols {
		for _, col := range cs {
			rows, err := db.Query(fmt.Sprintf(`SELECT CASE WHEN typeof(%q) = 'blob' THEN hex(%q) ELSE CAST(%q AS TEXT) END FROM %q`, col, col, col, tb))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v sql.NullString
				rows.Scan(&v)
				out[tb+"."+col] = append(out[tb+"."+col], v.String)
			}
			rows.Close()
		}
	}
	return out
}

// checkUnlinkable is the property: nothing stored lets a response be joined to a code.
// The codes table has exactly the columns hash, batch, workplace and used (and its
// campaign); no value that identifies a code (its hash, the code itself) or its batch
// appears anywhere outside the code tables; and the only values a code shares with a
// response (campaign, workplace) are shared by every code and response of that
// workplace, so a join on them matches each used code to every response of its
// workplace, never to one. Every table that holds responses is checked, including pending.
func checkUnlinkable(t *testing.T, db *sql.DB, codes []string) {
	t.Helper()
	cols := tableColumns(t, db)
	if got := cols["codes"]; !slices.Equal(got, []string{"campaign_id", "hash", "batch_id", "workplace", "used"}) {
		t.Fatalf("codes has columns %v", got)
	}
	vals := cellValues(t, db, cols)
	secret := map[string]bool{}
	for _, h := range vals["codes.hash"] {
		secret[h] = true
	}
	for _, c := range codes {
		secret[c] = true
		secret[survey.FormatCode(c)] = true
	}
	for key, vs := range vals {
		tb := strings.Split(key, ".")[0]
		if tb == "codes" || tb == "code_keys" || tb == "code_batches" {
			continue
		}
		for _, v := range vs {
			for s := range secret {
				if s != "" && strings.Contains(strings.ToUpper(v), s) {
					t.Fatalf("%s holds %q, which identifies a code", key, v)
				}
			}
		}
	}
	// The columns of the response tables, and the values they share with codes.
	for _, tb := range []string{"responses", "pending"} {
		for _, rc := range cols[tb] {
			if rc == "campaign_id" {
				continue // shared by every code and response of the campaign
			}
			for _, cc := range []string{"hash", "batch_id", "used"} {
				shared := 0
				set := map[string]bool{}
				for _, v := range vals["codes."+cc] {
					set[v] = true
				}
				for _, v := range vals[tb+"."+rc] {
					if set[v] && cc != "used" {
						shared++
					}
				}
				if shared > 0 {
					t.Fatalf("%s.%s shares %d values with codes.%s", tb, rc, shared, cc)
				}
			}
		}
	}
	// A join on workplace matches a used code to all the responses of its workplace.
	var minFanout sql.NullInt64
	err := db.QueryRow(`SELECT MIN(n) FROM (SELECT c.hash, COUNT(r.id) AS n FROM codes c
		JOIN responses r ON r.campaign_id = c.campaign_id AND r.workplace = c.workplace
		WHERE c.used = 1 GROUP BY c.hash)`).Scan(&minFanout)
	if err != nil {
		t.Fatal(err)
	}
	var usedMin sql.NullInt64
	db.QueryRow(`SELECT MIN(n) FROM (SELECT workplace, SUM(used) AS n FROM codes WHERE used = 1 GROUP BY campaign_id, workplace)`).Scan(&usedMin)
	if minFanout.Valid && minFanout.Int64 < usedMin.Int64 {
		t.Fatalf("a used code joins to %d responses, fewer than the %d used codes of its workplace", minFanout.Int64, usedMin.Int64)
	}
}

// TestCodesUnlinkable checks the property over random rounds, and after a crash in the
// middle of the transaction that marks a code and stores its answer: a copy of the files
// taken at that moment opens with neither.
func TestCodesUnlinkable(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	var all []string
	for round := range 4 {
		for _, wp := range []string{"", c.Workplaces[0].Code, c.Workplaces[1].Code} {
			codes := mustIssue(t, st, c, wp, 6)
			all = append(all, codes...)
			for i, code := range codes[:2+round%3] {
				if _, err := st.Submit(ctx, c.ID, withCode(code, c.Demands[i%len(c.Demands)].Key)); err != nil {
					t.Fatal(err)
				}
			}
		}
		checkUnlinkable(t, st.r, all)
	}

	// Crash mid-transaction: copy the database files while the writer has marked the code
	// and inserted the answer but not committed.
	code := mustIssue(t, st, c, "", 1)[0]
	all = append(all, code)
	crash := filepath.Join(t.TempDir(), "crash.db")
	st.beforeCommit = func() {
		st.beforeCommit = nil
		for _, suf := range []string{"", "-wal"} {
			copyFile(t, st.Path()+suf, crash+suf)
		}
	}
	before, _ := st.ResponseCount(ctx, c.ID)
	if _, err := st.Submit(ctx, c.ID, withCode(code, "heltid")); err != nil {
		t.Fatal(err)
	}
	checkUnlinkable(t, st.r, all)
	cs, err := Open(ctx, crash)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if n, _ := cs.ResponseCount(ctx, c.ID); n != before {
		t.Fatalf("after the crash %d responses, want %d (the uncommitted one gone)", n, before)
	}
	if _, err := cs.Submit(ctx, c.ID, withCode(code, "heltid")); err != nil {
		t.Fatalf("after the crash the code should still be unused: %v", err)
	}
	checkUnlinkable(t, cs.r, all)

	// A failure after the code was marked (the insert aborts): the code stays unused.
	code2 := mustIssue(t, st, c, "", 1)[0]
	all = append(all, code2)
	if _, err := st.w.Exec(`CREATE TRIGGER boom BEFORE INSERT ON responses WHEN NEW.proposal = 'boom'
		BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	r := withCode(code2, "heltid")
	r.Proposal = "boom"
	if _, err := st.Submit(ctx, c.ID, r); err == nil {
		t.Fatal("the aborted insert succeeded")
	}
	if _, err := st.Submit(ctx, c.ID, withCode(code2, "heltid")); err != nil {
		t.Fatalf("the code of an aborted transaction should still work: %v", err)
	}
	checkUnlinkable(t, st.r, all)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if os.IsNotExist(err) {
		return
	} else if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, src); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

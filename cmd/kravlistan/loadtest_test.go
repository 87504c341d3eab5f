package main

import (
	"bytes"
	"context"
	"io"
	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestLoadtestAndVerify runs the load tool briefly against the real router, with invalid
// ballots and replays, then checks the written ids with verify.
func TestLoadtestAndVerify(t *testing.T) {
	e, st := loadTestServer(t)
	srv := httptest.NewServer(e)
	defer srv.Close()
	ids := filepath.Join(t.TempDir(), "ids.txt")
	// A count, not a time window: on a loaded machine (the race detector, other suites) a
	// short window could end before every kind of request had been sent.
	rep, err := runLoad(context.Background(), loadConfig{bases: []string{srv.URL}, slug: "demo", conns: 8, dur: 5 * time.Minute, n: 600,
		invalid: 0.2, replay: 0.1, idsFile: ids})
	if err != nil {
		t.Fatal(err)
	}
	sub, inv, rp := rep.kinds[kindSubmit], rep.kinds[kindInvalid], rep.kinds[kindReplay]
	if got := sub.count() + inv.count() + rp.count(); got != 600 {
		t.Errorf("-n 600 sent %d requests", got)
	}
	if sub == nil || inv == nil || rp == nil {
		t.Fatalf("missing kinds: %+v", rep.kinds)
	}
	if sub.statuses[201] == 0 || len(sub.statuses) != 1 {
		t.Errorf("submit statuses %v", sub.statuses)
	}
	for code := range inv.statuses {
		if code != 400 && code != 422 {
			t.Errorf("invalid ballot got %d", code)
		}
	}
	if rp.statuses[200] == 0 || len(rp.statuses) != 1 {
		t.Errorf("replay statuses %v", rp.statuses)
	}
	var out bytes.Buffer
	rep.print(&out)
	for _, want := range []string{"p50", "p99", "201=", "submit", "invalid", "replay"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	st.Close() // flush, and let verify open the file itself

	stdout, _, err := runCLI(t, nil, "verify", "-db", st.Path(), "-ids", ids, "demo")
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, stdout)
	}
	if !strings.Contains(stdout, "missing 0") {
		t.Errorf("verify said %s", stdout)
	}

	// An id that was never stored makes verify fail and name it.
	missing := uuid.NewString()
	f, _ := os.OpenFile(ids, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(missing + "\n")
	f.Close()
	stdout, _, err = runCLI(t, nil, "verify", "-db", st.Path(), "-ids", ids, "demo")
	if exitCode(err) != 1 || !strings.Contains(stdout, "missing "+missing) {
		t.Errorf("verify with a missing id: %v\n%s", err, stdout)
	}
}

func TestLoadtestRefusesRemote(t *testing.T) {
	_, _, err := runCLI(t, nil, "loadtest", "-url", "http://192.0.2.1:8080", "demo")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "not this machine") {
		t.Fatalf("got %v", err)
	}
}

// loadTestServer is the real router over a fresh store with the demo campaign.
func loadTestServer(tb testing.TB) (http.Handler, *sqlite.Store) {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenWith(ctx, filepath.Join(tb.TempDir(), "k.db"), sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.CreateCampaign(ctx, survey.Demo()); err != nil {
		tb.Fatal(err)
	}
	e, err := newHandler(st, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return e, st
}

// TestLoadtestSeveralURLs sends the load to two servers in turn (the real router twice over
// one store, as two instances over one database), through the command line with -url
// given twice, and checks that both got requests and verify finds every acknowledged id.
func TestLoadtestSeveralURLs(t *testing.T) {
	e, st := loadTestServer(t)
	a, b := httptest.NewServer(e), httptest.NewServer(e)
	defer a.Close()
	defer b.Close()
	ids := filepath.Join(t.TempDir(), "ids.txt")
	stdout, stderr, err := runCLI(t, nil, "loadtest", "-url", a.URL, "-url", b.URL+"/", "-c", "4", "-n", "200", "-replay", "0.1",
		"-ids", ids, "demo")
	if err != nil {
		t.Fatalf("loadtest: %v\n%s\n%s", err, stdout, stderr)
	}
	for _, u := range []string{a.URL, b.URL} {
		if !regexp.MustCompile(`sent (\d+) requests to ` + regexp.QuoteMeta(u) + `\n`).MatchString(stdout) {
			t.Errorf("no requests reported for %s:\n%s", u, stdout)
		}
	}
	st.Close()
	acked, err := readIDs(ids)
	if err != nil || len(acked) == 0 {
		t.Fatalf("ids: %d, %v", len(acked), err)
	}
	out, _, err := runCLI(t, nil, "verify", "-db", st.Path(), "-ids", ids, "demo")
	if err != nil || !strings.Contains(out, "missing 0, listed twice 0") {
		t.Fatalf("verify: %v\n%s", err, out)
	}

	// Comma-separated URLs are the same as repeated flags; each must be this machine.
	_, _, err = runCLI(t, nil, "loadtest", "-url", a.URL+",http://192.0.2.1:8080", "demo")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "192.0.2.1") {
		t.Fatalf("a remote second URL: %v", err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine writing and a test reading.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCLI runs the program with args and the given environment and returns its output.
func runCLI(t *testing.T, environ map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return environ[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCLIUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"UnknownCommand", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"UnknownCampaignSub", []string{"campaign", "delete"}, 2, "use import, export or publish"},
		{"CampaignNoSub", []string{"campaign"}, 2, "needs a subcommand"},
		{"BadFlag", []string{"report", "-bogus", "demo"}, 2, "flag provided but not defined"},
		{"MissingArg", []string{"campaign", "export", "-db", "x.db"}, 2, "needs SLUG after the flags"},
		{"FlagAfterArg", []string{"backup", "out.db", "-db", "x.db"}, 2, "flags come first"},
		{"Help", []string{"help"}, 0, "Usage:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runCLI(t, nil, tc.args...)
			if c := exitCode(err); c != tc.code {
				t.Errorf("exit %d, want %d (%v)", c, tc.code, err)
			}
			all := out + errOut
			if err != nil {
				all += err.Error()
			}
			if !strings.Contains(all, tc.want) {
				t.Errorf("output %q lacks %q", all, tc.want)
			}
		})
	}
}

func TestCLIBadDemoEnv(t *testing.T) {
	_, _, err := runCLI(t, map[string]string{"KRAVLISTAN_DEMO": "kanske"}, "serve")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "true or false") {
		t.Fatalf("got %v", err)
	}
}

func TestCLICampaignImportExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	var demo bytes.Buffer
	survey.EncodeCampaign(&demo, survey.Demo())
	file := writeFile(t, "demo.json", demo.String())

	out, _, err := runCLI(t, nil, "campaign", "import", "-db", db, file)
	if err != nil || !strings.Contains(out, `imported campaign "demo"`) {
		t.Fatalf("%q %v", out, err)
	}
	// The database can also come from the environment.
	exported, _, err := runCLI(t, map[string]string{"KRAVLISTAN_DB": db}, "campaign", "export", "demo")
	if err != nil {
		t.Fatal(err)
	}
	if exported != demo.String() {
		t.Errorf("export differs from the imported file:\n%s\n---\n%s", exported, demo.String())
	}
	// A file with assemblies (issue 15) comes back as it was, to the byte.
	t.Run("Assemblies", func(t *testing.T) {
		c := survey.Demo()
		c.Slug = "sodertorn"
		c.Demands[0].Assemblies = []string{"huddinge"}
		c.Assemblies = []survey.Assembly{
			{Key: "huddinge", Name: "Kommunfullmäktige i Huddinge", Level: survey.LevelKommun, Seats: 61,
				Parties: []survey.FileParty{{Key: "S", Name: "Socialdemokraterna", Seats: 19}, {Key: "HP", Name: "Huddingepartiet", Seats: 5, Colour: "#123456"}}},
			{Key: "region", Name: "Regionfullmäktige i Stockholm", Level: survey.LevelRegion, Seats: 149, Parties: []survey.FileParty{}},
		}
		var doc bytes.Buffer
		survey.EncodeCampaign(&doc, c)
		if _, _, err := runCLI(t, nil, "campaign", "import", "-db", db, writeFile(t, "asm.json", doc.String())); err != nil {
			t.Fatal(err)
		}
		out, _, err := runCLI(t, nil, "campaign", "export", "-db", db, "sodertorn")
		if err != nil {
			t.Fatal(err)
		}
		if out != doc.String() || !strings.Contains(out, `"assemblies": [`) {
			t.Errorf("export differs from the imported file:\n%s\n---\n%s", out, doc.String())
		}
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		_, errOut, err := runCLI(t, nil, "campaign", "import", "-db", db, file)
		if exitCode(err) != 1 || !strings.Contains(errOut, `slug: adressen "demo" används redan`) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrInvalidFile", func(t *testing.T) {
		bad := strings.Replace(demo.String(), `"slug": "demo"`, `"slug": "ny-kampanj"`, 1)
		bad = strings.Replace(bad, `"title": "Avskaffa allmän visstidsanställning"`, `"title": ""`, 1)
		bad = strings.Replace(bad, `"code": "verkstaden"`, `"code": "sjukhuset"`, 1)
		_, errOut, err := runCLI(t, nil, "campaign", "import", "-db", db, writeFile(t, "bad.json", bad))
		if exitCode(err) != 1 {
			t.Fatalf("exit %d", exitCode(err))
		}
		for _, want := range []string{"nothing was imported", "demands[1].title: tom titel", `workplaces[2].code: "sjukhuset" förekommer mer än en gång`} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr %q lacks %q", errOut, want)
			}
		}
		if _, _, err := runCLI(t, nil, "campaign", "export", "-db", db, "ny-kampanj"); err == nil {
			t.Error("the invalid campaign was imported")
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, _, err := runCLI(t, nil, "campaign", "import", "-db", db, "/nonexistent.json")
		if exitCode(err) != 1 || !strings.Contains(err.Error(), "read campaign file") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrExportUnknown", func(t *testing.T) {
		_, _, err := runCLI(t, nil, "campaign", "export", "-db", db, "nope")
		if exitCode(err) != 1 || !strings.Contains(err.Error(), "check the slug") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Publish", func(t *testing.T) {
		_, _, err := runCLI(t, nil, "campaign", "publish", "-db", db, "demo")
		if err == nil || !strings.Contains(err.Error(), "close it before publishing") {
			t.Fatalf("published an open campaign: %v", err)
		}
	})
}

func TestCLIReportAndBackup(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	st, err := sqlite.OpenWith(ctx, db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	c.State = survey.StateClosed // every answer counts; an open campaign shows a snapshot (TestReportSnapshot)
	if err := st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	for i, ranking := range [][]string{{"heltid", "visstid"}, {"heltid"}, {"visstid", "heltid"}} {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01", Ranking: ranking}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(i, err)
		}
	}
	st.Close()

	out, _, err := runCLI(t, nil, "report", "-db", db, "-format", "json", "demo")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Campaign  string `json:"campaign"`
		Responses int    `json:"responses"`
		Demands   []struct {
			Key          string `json:"key"`
			Title        string `json:"title"`
			Picks        int    `json:"picks"`
			FirstChoices int    `json:"first_choices"`
		} `json:"demands"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if doc.Campaign != "demo" || doc.Responses != 3 || doc.Demands[0].Key != "heltid" || doc.Demands[0].Picks != 3 ||
		doc.Demands[0].FirstChoices != 2 || doc.Demands[1].Key != "visstid" || doc.Demands[1].Picks != 2 || doc.Demands[1].FirstChoices != 1 {
		t.Errorf("report %+v", doc)
	}

	backup := filepath.Join(t.TempDir(), "b.db")
	if _, _, err := runCLI(t, nil, "backup", "-db", db, backup); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, nil, "report", "-db", backup, "demo")
	if err != nil || !strings.Contains(out, `"responses": 3`) {
		t.Fatalf("backup report: %v %s", err, out)
	}
	if _, _, err := runCLI(t, nil, "backup", "-db", db, backup); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("overwrote a backup: %v", err)
	}
	if _, _, err := runCLI(t, nil, "backup", "-db", filepath.Join(t.TempDir(), "none.db"), backup+"2"); err == nil {
		t.Error("backed up a database that does not exist")
	}
}

// startServe runs "kravlistan serve" through run on a free port and returns its base URL
// and a function that stops it (as SIGTERM would) and returns run's error.
func startServe(t *testing.T, db string, extra ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	args := append([]string{"serve", "-addr", "127.0.0.1:0", "-db", db}, extra...)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	re := regexp.MustCompile(`lyssnar på (http://\S+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url := m[1]
			if resp, err := http.Get(url + "/healthz"); err == nil && resp.StatusCode == 200 {
				resp.Body.Close()
				return url, func() error { cancel(); return <-done }
			}
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped: %v\n%s", err, errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not start:\n%s\n%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	url, stop := startServe(t, db, "-demo")
	resp, err := http.Get(url + "/api/v1/campaigns/demo")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// A second start with -demo keeps the existing campaign instead of failing.
	_, stop = startServe(t, db, "-demo")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestGracefulShutdown stops the server while submissions are in flight and checks that
// every acknowledged submission is in the database afterwards.
func TestGracefulShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	url, stop := startServe(t, db, "-demo")
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		acked []uuid.UUID
		sent  atomic.Int64
	)
	client := &http.Client{Timeout: 10 * time.Second}
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 400; i++ {
				id := uuid.New()
				body := fmt.Sprintf(`{"id":%q,"ranking":["heltid","busslinjer"]}`, id)
				resp, err := client.Post(url+"/api/v1/campaigns/demo/responses", "application/json", strings.NewReader(body))
				if err != nil {
					return // the server has stopped accepting
				}
				resp.Body.Close()
				sent.Add(1)
				if resp.StatusCode == 201 {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		}()
	}
	for sent.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	st, err := sqlite.OpenWith(context.Background(), db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _ := st.Campaign(context.Background(), "demo")
	stored := map[uuid.UUID]bool{}
	st.EachResponse(context.Background(), c.ID, sqlite.Unordered, func(r *survey.Response) error { stored[r.ID] = true; return nil })
	for _, id := range acked {
		if !stored[id] {
			t.Errorf("acknowledged %s is missing", id)
		}
	}
	if len(acked) < 200 {
		t.Errorf("only %d acknowledged before shutdown", len(acked))
	}
	t.Logf("acknowledged %d, stored %d", len(acked), len(stored))
}

// TestBackupUnderLoad backs the database up while answers pour in; the backup opens and
// holds every answer acknowledged before it began.
func TestBackupUnderLoad(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	url, stop := startServe(t, db, "-demo", "-rate-limit", "0")
	defer stop()
	before := filepath.Join(dir, "before.txt")
	// On a loaded machine the first 400 ms may acknowledge nothing (the check below then
	// fails: "acknowledged 0"); load again until answers are acknowledged before the backup.
	for try := 0; ; try++ {
		rep, err := runLoad(context.Background(), loadConfig{bases: []string{url}, slug: "demo", conns: 16, dur: 400 * time.Millisecond, idsFile: before})
		if err != nil {
			t.Fatal(err)
		}
		if rep.acked > 0 {
			break
		}
		if try == 20 {
			t.Fatal("no answer acknowledged in 21 load runs before the backup")
		}
	}
	during := make(chan error, 1)
	go func() {
		_, err := runLoad(context.Background(), loadConfig{bases: []string{url}, slug: "demo", conns: 16, dur: 800 * time.Millisecond,
			idsFile: filepath.Join(dir, "during.txt")})
		during <- err
	}()
	time.Sleep(200 * time.Millisecond)
	backup := filepath.Join(dir, "backup.db")
	if _, _, err := runCLI(t, nil, "backup", "-db", db, backup); err != nil {
		t.Fatal(err)
	}
	if err := <-during; err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, nil, "verify", "-db", backup, "-ids", before, "demo")
	if err != nil {
		t.Fatalf("verify on the backup: %v\n%s", err, out)
	}
	if !strings.Contains(out, "missing 0") || strings.Contains(out, "acknowledged 0,") {
		t.Errorf("verify: %s", out)
	}
	t.Log(out)
}

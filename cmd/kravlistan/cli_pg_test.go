package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/postgres/pgtest"
)

// TestCommandsOnPostgres runs every command that takes -db on a PostgreSQL database, named
// by -db or by KRAVLISTAN_DB, as on a file: import, export, generate, report, codes,
// proposals, publish, user, verify, and serve; backup points to pg_dump.
func TestCommandsOnPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	env := map[string]string{"KRAVLISTAN_DB": dsn}
	var demo bytes.Buffer
	survey.EncodeCampaign(&demo, survey.Demo())
	file := writeFile(t, "demo.json", demo.String())
	cli := func(env map[string]string, args ...string) string {
		t.Helper()
		out, errOut, err := runCLI(t, env, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s\n%s", args, err, out, errOut)
		}
		return out
	}
	if out := cli(nil, "campaign", "import", "-db", dsn, file); !strings.Contains(out, `imported campaign "demo"`) {
		t.Fatalf("import: %s", out)
	}
	if out := cli(env, "campaign", "export", "demo"); out != demo.String() {
		t.Errorf("export differs from the imported file:\n%s", out)
	}
	cli(env, "generate", "-responses", "250", "demo")
	var doc struct {
		Responses int `json:"responses"`
	}
	if err := json.Unmarshal([]byte(cli(env, "report", "-format", "json", "demo")), &doc); err != nil || doc.Responses != 250 {
		t.Fatalf("report: %d responses, %v", doc.Responses, err)
	}
	if out := cli(env, "report", "-format", "csv", "demo"); !strings.Contains(out, "heltid") {
		t.Errorf("ranking CSV lacks the demands:\n%s", out)
	}
	if out := cli(env, "verify", "-tally", "demo"); !strings.Contains(out, "is a recount of its answers: 250 counted") {
		t.Errorf("verify -tally: %s", out)
	}
	if codes := strings.Fields(cli(env, "codes", "-n", "3", "demo")); len(codes) != 3 {
		t.Errorf("codes: %v", codes)
	}
	if out := cli(env, "proposals", "-format", "csv", "demo"); !strings.HasPrefix(out, "id,state,area") {
		t.Errorf("proposals: %s", out)
	}
	if _, _, err := runCLI(t, env, "campaign", "publish", "demo"); exitCode(err) != 1 {
		t.Errorf("publishing an open campaign: %v", err)
	}
	if out := cli(env, "user", "add", "-role", "admin", "anna"); !strings.Contains(out, `created admin account "anna"`) {
		t.Errorf("user add: %s", out)
	}
	cli(env, "user", "passwd", "anna")
	_, errOut, err := runCLI(t, env, "backup", filepath.Join(t.TempDir(), "b.db"))
	if exitCode(err) != 1 || !strings.Contains(errOut, "pg_dump") {
		t.Errorf("backup: %v %s", err, errOut)
	}

	// serve on the database, logging it without the password (the test server trusts
	// loopback, so any password does).
	withPassword := strings.Replace(dsn, "postgres://postgres@", "postgres://postgres:hemligt@", 1)
	if withPassword == dsn {
		t.Fatalf("cannot add a password to %s", dsn)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var log bytes.Buffer
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		cfg := Config{Addr: "127.0.0.1:0", DB: withPassword, LogFormat: "text", ShutdownTimeout: 5 * time.Second}
		done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(&log, nil)), func(a net.Addr) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		base = baseURL(a)
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	resp, err := http.Get(base + "/api/v1/campaigns/demo")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET campaign: %s", resp.Status)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve stopped with %v", err)
	}
	if !strings.Contains(log.String(), "db=\"postgres://postgres:xxxxx@") || strings.Contains(log.String(), "hemligt") {
		t.Errorf("the log does not name the database without its password:\n%s", log.String())
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRedactDB: a database URL is logged without its password, wherever it is given.
func TestRedactDB(t *testing.T) {
	for in, want := range map[string]string{
		"kravlistan.db": "kravlistan.db",
		"/data/k.db":    "/data/k.db",
		"postgres://krav:hemligt@db:5432/krav?sslmode=disable":  "postgres://krav:xxxxx@db:5432/krav?sslmode=disable",
		"postgresql://krav@db/krav":                             "postgresql://krav@db/krav",
		"postgres://db/krav?password=hemligt&sslmode=require":   "postgres://db/krav?password=xxxxx&sslmode=require",
		"postgresql://u:p%40ss@db/krav?application_name=kravli": "postgresql://u:xxxxx@db/krav?application_name=kravli",
	} {
		if got := redactDB(in); got != want {
			t.Errorf("redactDB(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(redactDB(in), "hemligt") {
			t.Errorf("%q keeps its password", in)
		}
	}
}

// TestBackupPostgresPointsToPgDump: backup of a PostgreSQL database says that pg_dump is
// the tool, exits 1, writes no file and does not print the password.
func TestBackupPostgresPointsToPgDump(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b.db")
	for _, env := range []map[string]string{nil, {"KRAVLISTAN_DB": "postgresql://krav:hemligt@127.0.0.1:1/krav"}} {
		args := []string{"backup", out}
		if env == nil {
			args = []string{"backup", "-db", "postgres://krav:hemligt@127.0.0.1:1/krav", out}
		}
		_, stderr, err := runCLI(t, env, args...)
		if exitCode(err) != 1 || !strings.Contains(stderr, "pg_dump") || strings.Contains(stderr, "hemligt") {
			t.Errorf("backup %v: %v\n%s", args, err, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("backup of a PostgreSQL database left %s: %v", out, err)
	}
}

// TestKravlistanDBIsTheDefault: without -db every command uses KRAVLISTAN_DB.
func TestKravlistanDBIsTheDefault(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	env := map[string]string{"KRAVLISTAN_DB": db}
	camp := writeFile(t, "c.json", `{"slug":"miljo","title":"Miljö","demands":[{"key":"a","title":"A"},{"key":"b","title":"B"}],"max_picks":2}`)
	if _, stderr, err := runCLI(t, env, "campaign", "import", camp); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	out, _, err := runCLI(t, nil, "campaign", "export", "-db", db, "miljo")
	if err != nil || !strings.Contains(out, `"miljo"`) {
		t.Fatalf("export from the file KRAVLISTAN_DB named: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, env, "campaign", "export", "miljo")
	if err != nil || !strings.Contains(out, `"miljo"`) {
		t.Fatalf("export with KRAVLISTAN_DB: %v\n%s", err, out)
	}
}

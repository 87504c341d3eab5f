package postgres

import (
	"context"
	"strings"
	"testing"

	"kravlistan/report"
	"kravlistan/survey/postgres/pgtest"
)

// testStore opens a store, with the tally the server keeps, on a new empty database that
// is dropped when the test ends.
func testStore(t testing.TB) *Store {
	t.Helper()
	st, err := OpenWith(context.Background(), pgtest.DSN(t), Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMigrateFromEmpty(t *testing.T) {
	st := testStore(t)
	v, err := st.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != LatestSchema() || v < 1 {
		t.Fatalf("schema version %d, want %d", v, LatestSchema())
	}
	// Opening again applies nothing and keeps the version.
	st2, err := Open(context.Background(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	st2.Close()
}

// TestMigrateFromEachVersion opens a database at every earlier schema version and then
// with every migration: each step must apply on top of the one before.
func TestMigrateFromEachVersion(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, m := range ms[:len(ms)-1] {
		dsn := pgtest.DSN(t)
		old, err := openTo(ctx, dsn, m.Version, Options{})
		if err != nil {
			t.Fatalf("open at %d: %v", m.Version, err)
		}
		if v, _ := old.SchemaVersion(ctx); v != m.Version {
			t.Fatalf("at %d: schema version %d", m.Version, v)
		}
		old.Close()
		st, err := Open(ctx, dsn)
		if err != nil {
			t.Fatalf("migrate from %d: %v", m.Version, err)
		}
		if v, _ := st.SchemaVersion(ctx); v != LatestSchema() {
			t.Fatalf("from %d: schema version %d, want %d", m.Version, v, LatestSchema())
		}
		st.Close()
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dsn := pgtest.DSN(t)
	st, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.pool.Exec(context.Background(), `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err = Open(context.Background(), dsn)
	if err == nil || !strings.Contains(err.Error(), "9999") {
		t.Fatalf("opening a newer schema: %v, want a refusal naming 9999", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h/db":            "postgres://u:xxxxx@h/db",
		"postgresql://u@h/db?password=secret": "postgresql://u@h/db?password=xxxxx",
		"postgres://h/db":                     "postgres://h/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if !IsDSN("postgres://x") || !IsDSN("postgresql://x") || IsDSN("kravlistan.db") {
		t.Error("IsDSN")
	}
}

func TestBackupRefused(t *testing.T) {
	st := testStore(t)
	if err := st.Backup(context.Background(), t.TempDir()+"/x"); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("Backup: %v, want a pointer to pg_dump", err)
	}
}

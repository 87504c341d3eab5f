// Package pgtest gives tests a fresh, empty PostgreSQL database on the server named by
// KRAVLISTAN_TEST_POSTGRES (a postgres:// URL of a role that may create databases). Without
// the variable the tests that need one are skipped, except under CI=true, where they fail:
// CI starts a throwaway server (.ci/run) and a run that skipped them would prove nothing.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable that holds the server's address.
const Env = "KRAVLISTAN_TEST_POSTGRES"

// Server returns the address of the test server, skipping (or under CI=true failing) t
// when there is none or it does not answer.
func Server(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: under CI=true the PostgreSQL tests must run (.ci/run starts a server)", Env)
		}
		t.Skipf("%s is not set: no PostgreSQL server to test against", Env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("%s does not answer: %v", Env, err)
	}
	conn.Close(ctx)
	return dsn
}

// DSN creates a new empty database on the test server and returns its address; the
// database is dropped when the test ends (after the test's own clean-ups, which should
// close every store on it).
func DSN(t testing.TB) string {
	t.Helper()
	admin := Server(t)
	b := make([]byte, 6)
	rand.Read(b)
	name := "kravlistan_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

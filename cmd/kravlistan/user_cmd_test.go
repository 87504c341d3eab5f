package main

import (
	"context"
	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	out, _, err := runCLI(t, nil, "user", "add", "-db", db, "-role", "admin", "ada")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	pw := lines[len(lines)-1]
	if len(pw) != 23 || strings.Contains(pw, " ") {
		t.Fatalf("last line %q is not a password", pw)
	}
	st, err := sqlite.OpenWith(context.Background(), db, sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		t.Fatal(err)
	}
	u, hash, err := st.UserByName(context.Background(), "ada")
	if err != nil || u.Role != survey.RoleAdmin || !web.CheckPassword(hash, pw) || web.CheckPassword(hash, pw+"x") {
		t.Fatalf("%+v %v", u, err)
	}
	st.Close()
	if _, _, err := runCLI(t, nil, "user", "add", "-db", db, "ada"); exitCode(err) != 1 {
		t.Errorf("duplicate: %v", err)
	}
	if _, _, err := runCLI(t, nil, "user", "add", "-db", db, "-role", "boss", "bo"); exitCode(err) != 2 {
		t.Errorf("bad role: %v", err)
	}
	if _, _, err := runCLI(t, nil, "user", "add", "-db", db); exitCode(err) != 2 {
		t.Errorf("no name: %v", err)
	}
	out, _, err = runCLI(t, nil, "user", "passwd", "-db", db, "ada")
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out), "\n")
	pw2 := lines[len(lines)-1]
	st, _ = sqlite.OpenWith(context.Background(), db, sqlite.Options{Tallier: report.Tallies{}})
	defer st.Close()
	if _, hash, _ = st.UserByName(context.Background(), "ada"); !web.CheckPassword(hash, pw2) || web.CheckPassword(hash, pw) {
		t.Fatal("passwd did not replace the password")
	}
	if _, _, err := runCLI(t, nil, "user", "passwd", "-db", db, "nobody"); exitCode(err) != 1 {
		t.Errorf("unknown user: %v", err)
	}
}

package storage

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMigrations(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0002_b.sql":  {Data: []byte("B")},
		"m/0001_a.sql":  {Data: []byte("A")},
		"m/0010_c.sql":  {Data: []byte("C")},
		"bad/x_one.sql": {Data: []byte("X")},
	}
	ms, err := ReadMigrations(fsys, "m")
	if err != nil || len(ms) != 3 || ms[0].Name != "0001_a.sql" || ms[2].Version != 10 || ms[1].SQL != "B" || Latest(ms) != 10 {
		t.Fatalf("%+v %v", ms, err)
	}
	if _, err := ReadMigrations(fsys, "bad"); err == nil || !strings.Contains(err.Error(), "x_one.sql") {
		t.Errorf("a badly named migration: %v", err)
	}
	// A migration numbered below the newest applied one (landed from another branch) is
	// still applied; upto stops early.
	todo, err := Pending(ms, map[int]bool{1: true, 10: true}, -1, "db")
	if err != nil || len(todo) != 1 || todo[0].Version != 2 {
		t.Errorf("pending %+v %v", todo, err)
	}
	if todo, _ := Pending(ms, nil, 2, "db"); len(todo) != 2 {
		t.Errorf("upto 2: %+v", todo)
	}
	if _, err := Pending(ms, map[int]bool{11: true}, -1, "kravlistan.db"); err == nil || !strings.Contains(err.Error(), "kravlistan.db has schema version 11") {
		t.Errorf("a newer database: %v", err)
	}
}

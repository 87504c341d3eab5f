package storage

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change: a file NNNN_what.sql of a store's migrations.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ReadMigrations reads the migrations in dir of fsys (a store's embedded files), oldest
// first.
func ReadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// Latest is the newest version of ms (0: none).
func Latest(ms []Migration) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Pending returns, oldest first, the migrations of ms not in applied and numbered at most
// upto (-1: all), also those numbered below the newest applied one (two branches can add
// migrations in either order). A database with a version none of ms knows was made by a
// newer Kravlistan: the error says so, naming db.
func Pending(ms []Migration, applied map[int]bool, upto int, db string) ([]Migration, error) {
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	for v := range applied {
		if !known[v] {
			return nil, fmt.Errorf("the database %s has schema version %d, but this kravlistan knows only up to %d: "+
				"use a newer kravlistan, or restore a backup made by this version", db, v, Latest(ms))
		}
	}
	var todo []Migration
	for _, m := range ms {
		if !applied[m.Version] && (upto < 0 || m.Version <= upto) {
			todo = append(todo, m)
		}
	}
	return todo, nil
}

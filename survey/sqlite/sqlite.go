// Package sqlite stores Kravlistan's campaigns and responses in one SQLite file through
// modernc.org/sqlite (pure Go). All writes of responses go through a single writer that
// gathers concurrent submissions into one transaction (group commit); reads use their own
// connection pool.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/campaigncache"
	"kravlistan/survey/internal/groupcommit"
	"kravlistan/survey/internal/storage"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the SQLite store. Open it with Open and close it with Close.
type Store struct {
	path string
	w    *sql.DB // the writer: one connection, immediate transactions
	r    *sql.DB // readers

	// Now is the clock; tests may replace it before use.
	Now func() time.Time

	queue     *groupcommit.Queue
	writerD   chan struct{}
	closeOnce atomic.Bool

	// BatchHook, when set, is called with the size of every committed write batch.
	BatchHook func(n int)
	// OutcomeHook, when set, is called with the result of every Submit.
	OutcomeHook func(o Outcome, err error)

	cache campaigncache.Cache

	tallier  survey.Tallier // nil: no tallies kept (see tally.go)
	tallyBuf []byte         // reused by saveTally; only used on the writer connection

	// beforeCommit, when set (tests), runs in the writer just before a batch commits.
	beforeCommit func()
	// secrets caches the campaigns' code secrets (campaign id → []byte).
	secrets sync.Map
}

// dsn builds a DSN for path. busy_timeout comes first so that it applies while WAL is
// switched on; the writer takes its lock at BEGIN to avoid upgrade deadlocks.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Checkpoints: SQLite's automatic one (PASSIVE, by the writer after a commit once the
	// WAL holds 1000 pages) copies frames back and starts the WAL over when no reader still
	// needs them; reports read a kept tally in milliseconds, so readers rarely hold it back.
	// After a long read (an Excel download of a million rows) has let the WAL grow, the
	// file is cut back to this size when it next starts over.
	q.Add("_pragma", "journal_size_limit(67108864)")
	// Deleted content is overwritten where that costs no extra I/O, rather than left in
	// free space where a copy of the file would keep it.
	q.Add("_pragma", "secure_delete(FAST)")
	if writer {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path, applies pending migrations and
// starts the writer. It refuses a database made by a newer version of Kravlistan.
// The store keeps no tallies (OpenWith).
func Open(ctx context.Context, path string) (*Store, error) {
	return openTo(ctx, path, -1, Options{})
}

// OpenWith is Open with options. With a Tallier the store keeps a tally of every campaign
// and counts, before it returns, those that are missing or do not fit (after a migration).
func OpenWith(ctx context.Context, path string, o Options) (*Store, error) {
	return openTo(ctx, path, -1, o)
}

// openTo is OpenWith that stops after migration number upto (-1: all); tests use it to make
// databases of an earlier schema.
func openTo(ctx context.Context, path string, upto int, o Options) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("a database file path is required (an in-memory database is not shared between connections)")
	}
	w, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{path: path, w: w, Now: time.Now, cache: campaigncache.Cache{TTL: cacheTTL}, queue: groupcommit.NewQueue(4096), writerD: make(chan struct{}), tallier: o.Tallier}
	if err := s.migrate(ctx, upto); err != nil {
		w.Close()
		return nil, err
	}
	if upto < 0 && !o.KeepTallies {
		if err := s.refreshTallies(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("count tallies: %w", err)
		}
	}
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.r = r
	go s.writer()
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close stops taking submissions, waits for the writer to commit everything queued, and
// closes the database.
func (s *Store) Close() error {
	if !s.closeOnce.CompareAndSwap(false, true) {
		return nil
	}
	s.queue.Close()
	<-s.writerD
	// Fold the WAL back into the main file so a copied .db file is complete.
	_, _ = s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return errors.Join(s.r.Close(), s.w.Close())
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&n)
}

// migrations are the SQLite store's schema changes, oldest first.
func migrations() ([]storage.Migration, error) {
	return storage.ReadMigrations(migrationFS, "migrations")
}

// LatestSchema is the newest schema version this binary knows.
func LatestSchema() int {
	ms, _ := migrations()
	return storage.Latest(ms)
}

// migrate applies every migration not yet recorded, each in its own transaction.
func (s *Store) migrate(ctx context.Context, upto int) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	todo, err := storage.Pending(ms, applied, upto, s.path)
	if err != nil {
		return err
	}
	vacuum := false
	for _, m := range todo {
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		vacuum = vacuum || (len(applied) > 0 && strings.HasPrefix(m.SQL, vacuumMark))
	}
	if vacuum {
		// Rebuild the file and empty the WAL, so that no free page or old frame keeps
		// what the migration moved (for example rows in arrival order).
		if _, err := s.w.ExecContext(ctx, `VACUUM`); err != nil {
			return fmt.Errorf("vacuum after migration: %w", err)
		}
		if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return fmt.Errorf("checkpoint after migration: %w", err)
		}
	}
	return nil
}

// vacuumMark starts a migration after which the database is rebuilt with VACUUM (which
// cannot run inside the migration's transaction). A new database skips it.
const vacuumMark = "-- kravlistan:vacuum"

func (s *Store) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

func (s *Store) apply(ctx context.Context, m storage.Migration) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the schema version of the open database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

// Backup writes a consistent copy of the database to path while the store stays in use.
// The target must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := s.r.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// formatError maps driver errors to domain errors.
func formatError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return survey.Errorf(survey.ENOTFOUND, "hittades inte")
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") {
		return &survey.Error{Code: survey.ECONFLICT, Message: "finns redan", Key: "unique"}
	}
	return err
}

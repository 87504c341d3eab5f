// Package postgres stores Kravlistan's campaigns and responses in PostgreSQL through pgx
// (pgxpool), so that several stateless instances can share one database. It implements
// the same storage interfaces as survey/sqlite and passes the same conformance suite
// (survey/storetest).
//
// What differs from SQLite, and why:
//   - Several processes write at once. Rows a request reads and then changes are locked
//     (SELECT … FOR UPDATE), or the change is one statement; each instance still gathers
//     its concurrent submissions into one transaction (group commit).
//   - Every campaign change notifies the other instances (pg_notify in the same
//     transaction, delivered on commit), which drop their cached copy (notify.go).
//   - The database is the durability boundary: an answer is acknowledged after its
//     transaction commits, with synchronous_commit on (set per connection, so that a
//     server configured otherwise does not weaken the promise).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"kravlistan/survey"
	"kravlistan/survey/internal/campaigncache"
	"kravlistan/survey/internal/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// IsDSN reports whether s names a PostgreSQL database (a postgres:// or postgresql:// URL)
// rather than a SQLite file.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact returns dsn without its password, for logs and messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Options are the options of OpenWith.
type Options struct {
	// Tallier makes and reads the tally of each campaign (report.Tallies). Without one the
	// store keeps no tallies and readers count the rows.
	Tallier survey.Tallier
	// KeepTallies leaves missing and stale tallies as they are when the store opens
	// (kravlistan verify -tally reads them as a crash left them).
	KeepTallies bool
	// MaxConns bounds the connection pool (0: pgxpool's default, max(4, cores), but at
	// least four more than the group-commit writers).
	MaxConns int32
}

// Store is the PostgreSQL store. Open it with Open or OpenWith and close it with Close.
type Store struct {
	pool *pgxpool.Pool
	dsn  string // redacted
	opts Options

	// Now is the clock; tests may replace it before use.
	Now func() time.Time

	// BatchHook, when set, is called with the size of every committed write batch.
	BatchHook func(n int)
	// OutcomeHook, when set, is called with the result of every Submit.
	OutcomeHook func(o Outcome, err error)

	cache   campaigncache.Cache
	tallier survey.Tallier // nil: no tallies kept

	// secrets caches the campaigns' code secrets (campaign id → []byte).
	secrets sync.Map

	// closing is closed by Close; background goroutines (the writer, the listener) stop
	// when it is, and done counts them.
	closing   chan struct{}
	closeOnce sync.Once
	done      sync.WaitGroup

	// The fields of the group-commit writer (response.go) and the listener (notify.go)
	// follow; each file adds its own.
	writer writerState
	listen listenState
}

// Outcome says what a submission did (survey.Outcome).
type Outcome = survey.Outcome

// The outcomes of a submission.
const (
	Created  = survey.Created
	Replayed = survey.Replayed
)

// Open opens the database at dsn and applies pending migrations. The store keeps no
// tallies (OpenWith).
func Open(ctx context.Context, dsn string) (*Store, error) {
	return openTo(ctx, dsn, -1, Options{})
}

// OpenWith is Open with options. With a Tallier the store keeps a tally of every campaign
// and counts, before it returns, those that are missing or do not fit (after a migration).
func OpenWith(ctx context.Context, dsn string, o Options) (*Store, error) {
	return openTo(ctx, dsn, -1, o)
}

// openTo is OpenWith that stops after migration number upto (-1: all); tests use it to
// make databases of an earlier schema.
func openTo(ctx context.Context, dsn string, upto int, o Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database address %s: %w", Redact(dsn), err)
	}
	// An answer is acknowledged only after its commit is durable, whatever the server's
	// default; times are read and written in UTC.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	} else if cfg.MaxConns < writers+4 {
		// The writers (response.go) each hold a connection while they commit; readers
		// need their own.
		cfg.MaxConns = writers + 4
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	s := &Store{pool: pool, dsn: Redact(dsn), opts: o, Now: time.Now, tallier: o.Tallier, cache: campaigncache.Cache{TTL: cacheTTL}, closing: make(chan struct{})}
	if err := s.migrate(ctx, upto); err != nil {
		pool.Close()
		return nil, err
	}
	if upto < 0 {
		if err := s.start(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// startHooks run, in order, when a store has opened and migrated (upto -1): the tally
// refresh, the writer, the listener. Files register theirs in init.
var startHooks []func(ctx context.Context, s *Store) error

func (s *Store) start(ctx context.Context) error {
	for _, f := range startHooks {
		if err := f(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// stopHooks run when the store closes, before the pool closes (the writer commits what is
// queued).
var stopHooks []func(s *Store)

// DSN returns the database address without its password.
func (s *Store) DSN() string { return s.dsn }

// Close stops taking submissions, waits for queued ones to commit and for background work
// to end, and closes the pool.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		for _, f := range stopHooks {
			f(s)
		}
		s.done.Wait()
		s.pool.Close()
	})
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// migrations are the PostgreSQL store's schema changes, oldest first.
func migrations() ([]storage.Migration, error) {
	return storage.ReadMigrations(migrationFS, "migrations")
}

// LatestSchema is the newest schema version this binary knows.
func LatestSchema() int {
	ms, _ := migrations()
	return storage.Latest(ms)
}

// migrationLock is the key of the advisory lock that lets one instance at a time migrate
// (several instances often start together).
const migrationLock = 0x6b72_6176 // "krav"

// migrate applies every migration not yet recorded, each in its own transaction, while
// holding an advisory lock so that instances starting together take turns.
func (s *Store) migrate(ctx context.Context, upto int) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := conn.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return err
	}
	for _, v := range vs {
		applied[v] = true
	}
	todo, err := storage.Pending(ms, applied, upto, s.dsn)
	if err != nil {
		return err
	}
	for _, m := range todo {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// SchemaVersion returns the schema version of the open database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	err := s.pool.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if v == nil {
		return 0, err
	}
	return *v, err
}

// ErrNoBackup is what Backup returns: PostgreSQL has its own tools.
var ErrNoBackup = errors.New("kravlistan backup copies a SQLite file; for PostgreSQL use pg_dump " +
	"(for example: pg_dump --format=custom --file=kravlistan.dump DATABASE-URL), or the server's " +
	"continuous archiving")

// Backup refuses: a PostgreSQL database is backed up with pg_dump or the server's own
// archiving, which ops teams already run.
func (s *Store) Backup(ctx context.Context, path string) error { return ErrNoBackup }

// inTx runs fn in a transaction at READ COMMITTED, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// changed tells every instance (this one included) that campaign slug changed; the
// notification is delivered when tx commits, and each listener drops its cached copy.
// Every method that changes what Campaign returns, or a page derived from the campaign
// that the web layer caches, calls it inside its transaction.
func (s *Store) changed(ctx context.Context, tx pgx.Tx, slug string) error {
	s.cache.Drop(slug)
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, slug)
	return err
}

// notifyChannel is the LISTEN/NOTIFY channel of campaign changes.
const notifyChannel = "kravlistan_campaign"

// formatError maps driver errors to domain errors.
func formatError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return survey.Errorf(survey.ENOTFOUND, "hittades inte")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return &survey.Error{Code: survey.ECONFLICT, Message: "finns redan", Key: "unique"}
	}
	return err
}

// isUnique reports whether err is a unique violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// cacheTTL bounds how long a campaign read from the database is served from memory when no
// notification arrives (a lost listener connection): changes made through any instance
// are normally dropped at once through LISTEN/NOTIFY.
const cacheTTL = 2 * time.Second

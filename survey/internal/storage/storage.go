// Package storage holds what the two stores (survey/sqlite, survey/postgres) do the same
// way on either side of their SQL: the campaign document's encoding, the text form of the
// instants they keep, the scanning of rows whose columns both schemas share, the checks
// made before writing, and the domain errors they answer with. Nothing here talks to a
// database: each store keeps its own SQL, and this package keeps the two from drifting
// apart in what they hand out.
package storage

import "time"

// Scanner is a row to scan: *sql.Row and *sql.Rows, pgx.Row and pgx.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// TimeText is the text form of an instant as both stores keep it (RFC 3339 in UTC with
// the fraction of a second when there is one).
func TimeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseTime reads what TimeText wrote; nil for NULL (nil) or text that is not a time.
func ParseTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return nil
	}
	return &t
}

package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"kravlistan/survey"

	"github.com/jackc/pgx/v5"
)

// The store is shared by several instances, so it keeps the throttles' counters and the
// form-signing keys for the web layer (survey.SharedStore; migration 0004).
var _ survey.SharedStore = (*Store)(nil)

// counterLockClass is the first key of the advisory locks that serialize updates of one
// counter (the second is taken from its hash); the migration lock uses the one-key form,
// which PostgreSQL keeps apart.
const counterLockClass = 0x6b72 // "kr"

// UpdateCounters reads, lets update change and writes the counters under keys in one
// transaction. Transaction-scoped advisory locks on the keys, taken in one order, make
// concurrent updates of a key (also of a key not yet stored, which a row lock could not
// cover) run one after the other without deadlocks.
func (s *Store) UpdateCounters(ctx context.Context, keys []string, update func(c []survey.Counter)) error {
	hashes := make([][]byte, len(keys))
	locks := make([]int32, len(keys))
	for i, k := range keys {
		h := sha256.Sum256([]byte(k))
		hashes[i] = h[:]
		locks[i] = int32(binary.BigEndian.Uint32(h[:4]))
	}
	slices.Sort(locks)
	locks = slices.Compact(locks)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, l := range locks {
			b.Queue(`SELECT pg_advisory_xact_lock($1, $2)`, int32(counterLockClass), l)
		}
		b.Queue(`SELECT key_hash, n, at FROM throttle_counters WHERE key_hash = ANY($1)`, hashes)
		br := tx.SendBatch(ctx, b)
		for range locks {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return err
			}
		}
		rows, err := br.Query()
		if err != nil {
			br.Close()
			return err
		}
		kept := map[string]survey.Counter{}
		for rows.Next() {
			var h []byte
			var c survey.Counter
			if err := rows.Scan(&h, &c.N, &c.At); err != nil {
				rows.Close()
				br.Close()
				return err
			}
			kept[string(h)] = c
		}
		rows.Close()
		if err := br.Close(); err != nil {
			return err
		}
		cs := make([]survey.Counter, len(keys))
		for i, h := range hashes {
			cs[i] = kept[string(h)]
		}
		before := slices.Clone(cs)
		update(cs)
		w := &pgx.Batch{}
		for i, c := range cs {
			switch {
			case c == before[i]:
			case c.At.IsZero():
				w.Queue(`DELETE FROM throttle_counters WHERE key_hash = $1`, hashes[i])
			default:
				w.Queue(`INSERT INTO throttle_counters (key_hash, n, at) VALUES ($1, $2, $3)
					ON CONFLICT (key_hash) DO UPDATE SET n = excluded.n, at = excluded.at`, hashes[i], c.N, c.At.UTC())
			}
		}
		if w.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, w).Close()
	})
}

// ForgetCounters removes the counters last changed before t.
func (s *Store) ForgetCounters(ctx context.Context, before time.Time) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM throttle_counters WHERE at < $1`, before.UTC())
	return err
}

// SigningKey returns the key called name, made by whichever instance asks first.
func (s *Store) SigningKey(ctx context.Context, name string) ([]byte, error) {
	key := make([]byte, 32)
	rand.Read(key)
	if _, err := s.pool.Exec(ctx, `INSERT INTO signing_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, key); err != nil {
		return nil, err
	}
	err := s.pool.QueryRow(ctx, `SELECT key FROM signing_keys WHERE name = $1`, name).Scan(&key)
	return key, err
}

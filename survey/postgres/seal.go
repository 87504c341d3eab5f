package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Sealing a closed campaign (issue 20: no arrival order in what a database reader sees).
//
// PostgreSQL appends rows to a table's heap roughly in the order they are written, and
// every row carries the id of the transaction that wrote it (the system column xmin). A
// write batch is inserted in the order of its random ids (byID), so nothing orders the
// responses of one batch; but batches follow each other in arrival order, and under a
// light load a batch is often one answer. So while a campaign is open, a reader who may
// select from responses can order its rows by ctid or xmin and learn in which order, and
// which answers together, they arrived; the xmin of a used code's row equals the xmin of
// the response that used it. The WAL (and any archive or replica of it) records the same.
//
// That last link names a person to whoever knows who got which code (the database holds
// the secret that hashes codes), so the sweep also blurs it while campaigns are open
// (blurCodes): every minute the used codes of a campaign whose used codes were written by
// more than one transaction are updated together, in place, so that they all carry one
// xmin. A code's link to its answer then lasts until the next sweep in what SQL can read,
// and until VACUUM frees the old row versions in the data files.
//
// When a campaign is closed, seal rewrites its rows in one transaction: responses, codes
// and proposals are copied, deleted and inserted again in the order of their random ids
// (hashes for codes), so that every row of the campaign carries the same xmin and the heap
// holds them in id order; the pending responses are counted (the list of the latest
// arrivals is emptied). A VACUUM of the tables follows, which frees the old row versions
// (their bytes stay in free space until overwritten). Every instance runs the sweep
// (sealClosed) every sealEvery; a campaign with more responses than
// it was sealed with (reopened, or a paper batch counted after closing) is sealed again.

// sealEvery is how often an instance looks for closed campaigns to seal.
const sealEvery = time.Minute

func init() {
	startHooks = append(startHooks, startSealer)
}

func startSealer(ctx context.Context, s *Store) error {
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		tick := time.NewTicker(sealEvery)
		defer tick.Stop()
		for {
			// The first sweep comes a minute after the start too: instances starting
			// together, and tests, do not sweep at once.
			select {
			case <-s.closing:
				return
			case <-tick.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			go func() {
				select {
				case <-s.closing:
					cancel()
				case <-ctx.Done():
				}
			}()
			s.sealClosed(ctx)
			s.blurCodes(ctx)
			cancel()
		}
	}()
	return nil
}

// OnSeal sets f to be called after every seal with the campaign's slug and the error
// (nil when it is sealed), for the server's log.
func (s *Store) OnSeal(f func(slug string, err error)) {
	s.writer.mu.Lock()
	s.writer.sealHook = f
	s.writer.mu.Unlock()
}

func (s *Store) sealed(slug string, err error) {
	s.writer.mu.RLock()
	f := s.writer.sealHook
	s.writer.mu.RUnlock()
	if f != nil {
		f(slug, err)
	}
}

// sealClosed seals every closed campaign whose responses changed since it was last
// sealed, and returns how many it sealed.
func (s *Store) sealClosed(ctx context.Context) int {
	rows, err := s.pool.Query(ctx, `SELECT c.slug FROM campaigns c LEFT JOIN sealed z ON z.campaign_id = c.id
		WHERE COALESCE(z.responses, -1) <> (SELECT COALESCE(SUM(d.n), 0) FROM response_days d WHERE d.campaign_id = c.id)
		ORDER BY c.id`)
	if err != nil {
		s.sealed("", err)
		return 0
	}
	slugs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		s.sealed("", err)
		return 0
	}
	n := 0
	for _, slug := range slugs {
		c, err := s.loadCampaign(ctx, s.pool, slug)
		if err != nil || !c.ClosedAt(s.Now()) {
			continue
		}
		done, err := s.seal(ctx, c.ID)
		if done || err != nil {
			s.sealed(slug, err)
		}
		if done {
			n++
		}
	}
	if n > 0 {
		// Free the old row versions (not possible inside a transaction). Autovacuum would
		// get to them too, later.
		if _, err := s.pool.Exec(ctx, `VACUUM responses, codes, proposals, pending`); err != nil {
			s.sealed("", fmt.Errorf("vacuum after sealing: %w", err))
		}
	}
	return n
}

// seal rewrites the rows of a campaign in id order in one transaction, under its tally
// lock (writers of the campaign wait), unless it is sealed with its present number of
// responses already. It reports whether it rewrote them.
func (s *Store) seal(ctx context.Context, campaignID int64) (bool, error) {
	done := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockTally(ctx, tx, campaignID); err != nil {
			return err
		}
		var have, sealedWith int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COALESCE(SUM(n), 0) FROM response_days WHERE campaign_id = $1),
			COALESCE((SELECT responses FROM sealed WHERE campaign_id = $1), -1)`, campaignID).Scan(&have, &sealedWith); err != nil {
			return err
		}
		if have == sealedWith {
			return nil
		}
		// The pending responses count from now on (a closed campaign shows them all),
		// and the list of the latest arrivals is gone.
		if err := s.countPending(ctx, tx, campaignID, true); err != nil {
			return err
		}
		for _, t := range []struct{ table, order string }{
			{"responses", "id"}, {"codes", "hash"}, {"proposals", "id"},
		} {
			if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE seal_rows ON COMMIT DROP AS
				SELECT * FROM `+t.table+` WHERE campaign_id = $1`, campaignID); err != nil {
				return fmt.Errorf("seal %s: %w", t.table, err)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM `+t.table+` WHERE campaign_id = $1`, campaignID); err != nil {
				return fmt.Errorf("seal %s: %w", t.table, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO `+t.table+` SELECT * FROM seal_rows ORDER BY `+t.order); err != nil {
				return fmt.Errorf("seal %s: %w", t.table, err)
			}
			if _, err := tx.Exec(ctx, `DROP TABLE seal_rows`); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sealed (campaign_id, responses) VALUES ($1, $2)
			ON CONFLICT (campaign_id) DO UPDATE SET responses = excluded.responses`, campaignID, have); err != nil {
			return err
		}
		done = true
		return nil
	})
	return done, err
}

// blurCodes gives the used codes of every campaign whose used codes carry more than one
// xmin a single new one (an UPDATE that changes nothing else; a claim of one of them waits
// for it and then finds the code used, as before), and returns how many campaigns it
// blurred. The old row versions are vacuumed.
func (s *Store) blurCodes(ctx context.Context) int {
	rows, err := s.pool.Query(ctx, `SELECT campaign_id FROM codes WHERE used
		GROUP BY campaign_id HAVING COUNT(DISTINCT xmin::text) > 1 ORDER BY campaign_id`)
	if err != nil {
		s.sealed("", fmt.Errorf("blur codes: %w", err))
		return 0
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		s.sealed("", fmt.Errorf("blur codes: %w", err))
		return 0
	}
	n := 0
	for _, id := range ids {
		if _, err := s.pool.Exec(ctx, `UPDATE codes SET used = used WHERE campaign_id = $1 AND used`, id); err != nil {
			s.sealed("", fmt.Errorf("blur codes: %w", err))
			continue
		}
		n++
	}
	if n > 0 {
		if _, err := s.pool.Exec(ctx, `VACUUM codes`); err != nil {
			s.sealed("", fmt.Errorf("vacuum after blurring codes: %w", err))
		}
	}
	return n
}

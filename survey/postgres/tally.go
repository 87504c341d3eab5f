package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
)

// The tally, as in survey/sqlite (see its tally.go): every campaign has at most one row in
// tallies, the sums of its counted responses, which changes only inside the transactions
// that change what it counts. A tally that is present always counts exactly the
// responses that are not pending.
//
// What PostgreSQL adds: several instances write the same campaign at once. Every
// transaction that reads the pending responses to count them, or reads and rewrites the
// tally, first takes the campaign's tally lock (lockTally, an advisory lock held until
// the transaction ends) and then reads in new statements, which under READ COMMITTED see
// everything the previous holder committed. Pending responses are deleted by id, only
// those just counted: a response another instance commits meanwhile stays pending. So the
// snapshot moves only by at least the threshold, under the lock, and no response is
// counted twice or lost. Readers that combine the tally with rows read in one REPEATABLE
// READ transaction (readTx), so that they see one state.

// batcher is a connection or a transaction, which also sends several statements in one
// round trip.
type batcher interface {
	queryer
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// tallyLocks is the first key of the campaigns' tally locks (advisory locks on two int4
// keys: this and the campaign id), apart from the one-key migration lock.
const tallyLocks = 0x7461_6c79 // "taly"

// lockTally takes the tally lock of a campaign until tx ends: its advisory lock, which
// the transactions that recount or force the snapshot take in turn, and the row of its
// tally (FOR UPDATE), which a writer's compare-and-set (queueAdvance) waits for. Take it
// before the statements that read the pending responses or the tally in order to change
// them: they then see everything the previous holders committed.
func lockTally(ctx context.Context, tx queryer, campaignID int64) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, tallyLocks, campaignID); err != nil {
		return fmt.Errorf("lock tally: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM tallies WHERE campaign_id = $1 FOR UPDATE`, campaignID); err != nil {
		return fmt.Errorf("lock tally: %w", err)
	}
	return nil
}

// readTx runs fn in a read-only REPEATABLE READ transaction: every statement sees the
// same committed state.
func (s *Store) readTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// loadTally reads and decodes the tally of a campaign; nil when there is none (or the store
// has no Tallier).
func (s *Store) loadTally(ctx context.Context, q queryer, campaignID int64) (survey.Tally, error) {
	if s.tallier == nil {
		return nil, nil
	}
	var b []byte
	err := q.QueryRow(ctx, `SELECT data FROM tallies WHERE campaign_id = $1`, campaignID).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read tally: %w", err)
	}
	t, err := s.tallier.DecodeTally(b)
	if err != nil {
		// A tally that cannot be read is recounted, never trusted.
		return nil, nil
	}
	return t, nil
}

func (s *Store) saveTally(ctx context.Context, tx queryer, campaignID int64, t survey.Tally) error {
	b, err := t.AppendBinary(nil)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO tallies (campaign_id, responses, data) VALUES ($1, $2, $3)
		ON CONFLICT (campaign_id) DO UPDATE SET responses = excluded.responses, data = excluded.data`, campaignID, t.Responses(), b); err != nil {
		return fmt.Errorf("store tally: %w", err)
	}
	return nil
}

func dropTally(ctx context.Context, tx queryer, campaignID int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM tallies WHERE campaign_id = $1`, campaignID)
	return err
}

// rebuildTally counts the counted responses of c from its rows into a new tally and stores
// it, inside tx, under the campaign's tally lock.
func (s *Store) rebuildTally(ctx context.Context, tx pgx.Tx, c *survey.Campaign) error {
	if err := lockTally(ctx, tx, c.ID); err != nil {
		return err
	}
	if s.tallier == nil {
		return dropTally(ctx, tx, c.ID)
	}
	t := s.tallier.NewTally(c)
	if err := eachRow(ctx, tx, c.ID, onlyCounted, nil, t.Add); err != nil {
		return fmt.Errorf("count tally of %s: %w", c.Slug, err)
	}
	return s.saveTally(ctx, tx, c.ID, t)
}

// insertCampaign runs insert (an INSERT of the new campaign c … RETURNING id) with its
// empty tally in one transaction, so that every campaign of a store with a Tallier has a
// tally, tells the instances that c.Slug exists now, and returns the new id.
func (s *Store) insertCampaign(ctx context.Context, c *survey.Campaign, insert string, args ...any) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, insert, args...).Scan(&id); err != nil {
			return err
		}
		// The file's assemblies go to the party tables (see saveAssemblies).
		if err := saveAssemblies(ctx, tx, id, c); err != nil {
			return err
		}
		if s.tallier != nil {
			if err := s.saveTally(ctx, tx, id, s.tallier.NewTally(c)); err != nil {
				return err
			}
		}
		return s.changed(ctx, tx, c.Slug)
	})
	return id, err
}

// campaignByID loads a campaign (defaults applied) inside q.
func (s *Store) campaignByID(ctx context.Context, q queryer, id int64) (*survey.Campaign, error) {
	var slug string
	if err := q.QueryRow(ctx, `SELECT slug FROM campaigns WHERE id = $1`, id).Scan(&slug); err != nil {
		return nil, fmt.Errorf("campaign %d: %w", id, err)
	}
	return s.loadCampaign(ctx, q, slug)
}

// pendingQuery returns the ids of a campaign's pending responses and its anonymity
// threshold.
const pendingQuery = `SELECT COALESCE((SELECT array_agg(id) FROM pending WHERE campaign_id = $1), '{}'),
	COALESCE(NULLIF((SELECT (doc::jsonb ->> 'anonymity_threshold')::int FROM campaigns WHERE id = $1), 0), $2)`

// countPending marks every pending response of a campaign counted, adding them to its
// tally (read from their rows), when there are at least the campaign's anonymity threshold
// of them or when force is set: the snapshot that readers of an open campaign see moves
// by at least k ballots at once. It takes the tally lock first, so that it counts what
// every earlier holder committed; the tally and the pending list change in tx, together.
func (s *Store) countPending(ctx context.Context, tx queryer, campaignID int64, force bool) error {
	if err := lockTally(ctx, tx, campaignID); err != nil {
		return err
	}
	var (
		ids []uuid.UUID
		k   int
	)
	if err := tx.QueryRow(ctx, pendingQuery, campaignID, survey.DefaultAnonymityThreshold).Scan(&ids, &k); err != nil {
		return fmt.Errorf("advance snapshot: %w", err)
	}
	if !force && (len(ids) == 0 || len(ids) < k) {
		return nil
	}
	return s.markCounted(ctx, tx, campaignID, ids)
}

// markCounted adds the pending responses ids of a campaign to its tally and marks them
// counted (under the tally lock). A campaign without a tally gets one counted from all its
// counted rows and these.
func (s *Store) markCounted(ctx context.Context, tx queryer, campaignID int64, ids []uuid.UUID) error {
	if s.tallier == nil {
		if err := dropTally(ctx, tx, campaignID); err != nil {
			return err
		}
	} else {
		t, err := s.loadTally(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if t == nil {
			// No tally (a store opened without a Tallier changed the campaign): count the
			// rows, these pending ones included since they are counted now.
			c, err := s.campaignByID(ctx, tx, campaignID)
			if err != nil {
				return err
			}
			t = s.tallier.NewTally(c)
			if err := eachRow(ctx, tx, campaignID, countedOr, ids, t.Add); err != nil {
				return err
			}
		} else if len(ids) > 0 {
			if err := eachRow(ctx, tx, campaignID, theseRows, ids, t.Add); err != nil {
				return err
			}
		}
		if err := s.saveTally(ctx, tx, campaignID, t); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM pending WHERE campaign_id = $1 AND id = ANY($2)`, campaignID, ids); err != nil {
		return fmt.Errorf("advance snapshot: %w", err)
	}
	return nil
}

// snapState is what a write transaction reads of a campaign in the round trip of its
// inserts, without a lock: the threshold, the stored tally and then (a later statement)
// the pending responses, its own new ones included.
type snapState struct {
	k       int
	tally   []byte // nil: none
	pending []*survey.Response
}

// snapshotRead reads a campaign's threshold and tally.
const snapshotRead = `SELECT COALESCE(NULLIF((SELECT (doc::jsonb ->> 'anonymity_threshold')::int FROM campaigns WHERE id = $1), 0), $2),
	(SELECT data FROM tallies WHERE campaign_id = $1)`

// queueSnapshotRead queues the reads of a campaign's snapState (readSnapshot reads them):
// the tally first, so that a snapshot that moves between the two statements makes the
// tally read older than the pending rows, and the compare-and-set fail.
func queueSnapshotRead(b *pgx.Batch, campaignID int64) {
	b.Queue(snapshotRead, campaignID, survey.DefaultAnonymityThreshold)
	b.Queue(eachQuery[onlyPending], campaignID)
}

func readSnapshot(br pgx.BatchResults) (*snapState, error) {
	sn := &snapState{}
	if err := br.QueryRow().Scan(&sn.k, &sn.tally); err != nil {
		return nil, fmt.Errorf("advance snapshot: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("advance snapshot: %w", err)
	}
	err = scanResponses(rows, func(r *survey.Response) error {
		cp := *r
		cp.Ranking = slices.Clone(r.Ranking)
		cp.Background = maps.Clone(r.Background)
		cp.Ratings = maps.Clone(r.Ratings)
		sn.pending = append(sn.pending, &cp)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("advance snapshot: %w", err)
	}
	return sn, nil
}

// advanceCAS moves the snapshot of a campaign if its tally is still the one read: it
// stores the new tally and deletes exactly the pending responses counted into it, in
// one statement, and says whether it did. A writer that read the tally before another
// transaction moved the snapshot waits for that one's row lock, then finds the tally
// changed and leaves everything as it is: its responses stay pending, counted by a
// later move, never twice.
const advanceCAS = `WITH t AS (
	UPDATE tallies SET responses = $2, data = $3 WHERE campaign_id = $1 AND data = $4 RETURNING 1
), d AS (
	DELETE FROM pending WHERE campaign_id = $1 AND id = ANY($5) AND EXISTS (SELECT 1 FROM t)
)
SELECT EXISTS (SELECT 1 FROM t)`

// queueAdvance moves the snapshot of a campaign whose pending responses (sn) reached its
// threshold. With cas (a writer's own transaction) it queues on b the compare-and-set of
// the tally with them added (advanceCAS) and reports that it did; otherwise, or without
// a tally to add them to, it takes the tally lock and counts the pending responses now
// (countPending), before b is sent.
func (s *Store) queueAdvance(ctx context.Context, tx queryer, b *pgx.Batch, campaignID int64, sn *snapState, cas bool) (bool, error) {
	if len(sn.pending) == 0 || len(sn.pending) < sn.k {
		return false, nil
	}
	var t survey.Tally
	if cas && s.tallier != nil && sn.tally != nil {
		var err error
		if t, err = s.tallier.DecodeTally(sn.tally); err != nil {
			t = nil // recounted under the lock, never trusted
		}
	}
	if t == nil {
		return false, s.countPending(ctx, tx, campaignID, false)
	}
	ids := make([]uuid.UUID, len(sn.pending))
	for i, r := range sn.pending {
		ids[i] = r.ID
		if err := t.Add(r); err != nil {
			return false, err
		}
	}
	data, err := t.AppendBinary(nil)
	if err != nil {
		return false, err
	}
	b.Queue(advanceCAS, campaignID, t.Responses(), data, sn.tally, ids)
	return true, nil
}

// catchUp moves, in a transaction of its own and under the tally lock, the snapshot of a
// campaign whose compare-and-set failed (countPending): without it, the pending
// responses of the last batches of a burst could stay at or above the threshold until
// the next answer. It runs in the background, right after the batch committed, so for a
// moment after a burst k or more responses may be pending (the figures lag a little;
// they still move by at least k). One runs per campaign at a time; a request while it
// runs makes it run once more.
func (s *Store) catchUp(campaignID int64) {
	w := &s.writer
	w.mu.Lock()
	if w.catching == nil {
		w.catching = map[int64]int{}
	}
	w.catching[campaignID]++
	running := w.catching[campaignID] > 1
	w.mu.Unlock()
	if running {
		return
	}
	s.done.Add(1)
	w.catchups.Add(1)
	go func() {
		defer s.done.Done()
		defer w.catchups.Done()
		for {
			ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
			_ = s.inTx(ctx, func(tx pgx.Tx) error { return s.countPending(ctx, tx, campaignID, false) })
			cancel()
			w.mu.Lock()
			again := w.catching[campaignID] > 1
			if again {
				w.catching[campaignID] = 1
			} else {
				delete(w.catching, campaignID)
			}
			w.mu.Unlock()
			if !again {
				return
			}
		}
	}()
}

// queueDays queues the counts by day of the responses of created. The rows of
// response_days are locked in the order of campaign and day, after the tally locks, so
// that two transactions take their locks in the same order.
func queueDays(b *pgx.Batch, created []*writeReq) {
	if len(created) == 0 {
		return
	}
	type campaignDay struct {
		id  int64
		day string
	}
	days := map[campaignDay]int{}
	for _, req := range created {
		days[campaignDay{req.CampaignID, req.R.Day}]++
	}
	keys := slices.Collect(maps.Keys(days))
	slices.SortFunc(keys, func(a, b campaignDay) int {
		if a.id != b.id {
			return cmp.Compare(a.id, b.id)
		}
		return strings.Compare(a.day, b.day)
	})
	ids, ds, ns := make([]int64, len(keys)), make([]string, len(keys)), make([]int32, len(keys))
	for i, cd := range keys {
		ids[i], ds[i], ns[i] = cd.id, cd.day, int32(days[cd])
	}
	b.Queue(`INSERT INTO response_days (campaign_id, day, n)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])
		ON CONFLICT (campaign_id, day) DO UPDATE SET n = response_days.n + excluded.n`, ids, ds, ns)
}

// refreshTally runs in the transaction that saves campaign c (new version, its id set):
// a tally that no longer fits c's shape is counted again from the rows.
func (s *Store) refreshTally(ctx context.Context, tx pgx.Tx, c *survey.Campaign) error {
	if err := lockTally(ctx, tx, c.ID); err != nil {
		return err
	}
	t, err := s.loadTally(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if t != nil && t.Fits(c) {
		return nil
	}
	return s.rebuildTally(ctx, tx, c)
}

// refreshTallies counts again, each in its own transaction, the tally of every campaign
// that has none or one that does not fit (after a migration, or after a store without a
// Tallier wrote). It runs when the store opens.
func (s *Store) refreshTallies(ctx context.Context) error {
	if s.tallier == nil {
		return nil
	}
	rows, err := s.pool.Query(ctx, `SELECT slug FROM campaigns ORDER BY id`)
	if err != nil {
		return err
	}
	slugs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		if err := s.RefreshTally(ctx, slug, false); err != nil {
			return err
		}
	}
	return nil
}

// RefreshTally counts the tally of a campaign again from its rows when it is missing or
// does not fit the campaign, or always when force is set (on demand: kravlistan verify
// -tally -fix).
func (s *Store) RefreshTally(ctx context.Context, slug string, force bool) error {
	if s.tallier == nil {
		return errors.New("this store keeps no tallies")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := s.loadCampaign(ctx, tx, slug)
		if err != nil {
			return err
		}
		if force {
			return s.rebuildTally(ctx, tx, c)
		}
		return s.refreshTally(ctx, tx, c)
	})
}

// CountedTally returns the tally of exactly the responses EachCounted walks for c at time
// now (survey.TallyReader): the stored tally, plus the pending responses read from their
// rows once c is closed, all in one REPEATABLE READ transaction. It returns nil when the
// store keeps no tally that fits c; the caller then counts the rows.
func (s *Store) CountedTally(ctx context.Context, c *survey.Campaign, now time.Time) (survey.Tally, error) {
	if s.tallier == nil {
		return nil, nil
	}
	var t survey.Tally
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var err error
		t, err = s.loadTally(ctx, tx, c.ID)
		if err != nil || t == nil || !t.Fits(c) {
			t = nil
			return err
		}
		if c.ClosedAt(now) {
			return eachRow(ctx, tx, c.ID, onlyPending, nil, t.Add)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// DayCountsMatch reports whether the counts by day (response_days) of a campaign are the
// counts of its rows, for kravlistan verify -tally.
func (s *Store) DayCountsMatch(ctx context.Context, campaignID int64) (bool, error) {
	var n int
	const days, rows = `SELECT day, n::bigint FROM response_days WHERE campaign_id = $1 AND n > 0`,
		`SELECT day, COUNT(*) FROM responses WHERE campaign_id = $1 GROUP BY day`
	err := s.pool.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM (`+days+` EXCEPT `+rows+`) a) + (SELECT COUNT(*) FROM (`+rows+` EXCEPT `+days+`) b)`,
		campaignID).Scan(&n)
	return n == 0, err
}

// StoredTally returns the stored tally of the campaign with slug (counted responses only)
// and the tally counted again from its rows now, read in one transaction, for kravlistan
// verify -tally. stored is nil when there is none.
func (s *Store) StoredTally(ctx context.Context, slug string) (stored, recount survey.Tally, err error) {
	if s.tallier == nil {
		return nil, nil, errors.New("this store keeps no tallies")
	}
	err = s.readTx(ctx, func(tx pgx.Tx) error {
		c, err := s.loadCampaign(ctx, tx, slug)
		if err != nil {
			return err
		}
		var b []byte
		err = tx.QueryRow(ctx, `SELECT data FROM tallies WHERE campaign_id = $1`, c.ID).Scan(&b)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			if stored, err = s.tallier.DecodeTally(b); err != nil {
				return fmt.Errorf("the stored tally of %s cannot be read: %w", slug, err)
			}
		}
		recount = s.tallier.NewTally(c)
		return eachRow(ctx, tx, c.ID, onlyCounted, nil, recount.Add)
	})
	if err != nil {
		return nil, nil, err
	}
	return stored, recount, nil
}

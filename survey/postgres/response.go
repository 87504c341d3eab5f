package postgres

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kravlistan/survey"
	"kravlistan/survey/internal/groupcommit"
	"kravlistan/survey/internal/storage"
)

// maxBatch bounds how many submissions one transaction commits.
const maxBatch = 512

// writers is how many goroutines of one instance commit batches at the same time: while
// one waits for its commit to be flushed, the next gathers what has queued up. Each
// holds a pool connection while it commits.
const writers = 2

// writeTimeout bounds one batch's transaction, so that a connection that hangs fails the
// batch (its submitters get an error and retry) rather than the writer.
const writeTimeout = 30 * time.Second

type (
	writeReq    = groupcommit.Request
	writeResult = groupcommit.Result
)

// writerState is the group-commit writer's: the queue its goroutines take submissions
// from (nil until the store has started).
type writerState struct {
	queue *groupcommit.Queue
	mu    sync.RWMutex // guards queue, sealHook and catching

	// beforeCommit, when set (tests), runs in a writer just before a batch commits.
	beforeCommit func()
	// sealHook is OnSeal's function (seal.go).
	sealHook func(slug string, err error)
	// catching counts, per campaign, the catch-ups asked for while one runs, and
	// catchups the goroutines running them (tally.go).
	catching map[int64]int
	catchups sync.WaitGroup
}

// ErrClosed is returned by Submit after Close.
var ErrClosed = groupcommit.ErrClosed

func init() {
	startHooks = append(startHooks, startWriter)
	stopHooks = append(stopHooks, stopWriter)
}

// startWriter counts the tallies that are missing or stale (unless KeepTallies) and
// starts the writers.
func startWriter(ctx context.Context, s *Store) error {
	if !s.opts.KeepTallies {
		if err := s.refreshTallies(ctx); err != nil {
			return fmt.Errorf("count tallies: %w", err)
		}
	}
	q := groupcommit.NewQueue(4096)
	s.writer.mu.Lock()
	s.writer.queue = q
	s.writer.mu.Unlock()
	for range writers {
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			q.Run(maxBatch, s.commitBatch, func(n int) {
				if s.BatchHook != nil {
					s.BatchHook(n)
				}
			})
		}()
	}
	return nil
}

// stopWriter stops taking submissions; the writers commit what is queued and end (Close
// waits for them).
func stopWriter(s *Store) {
	if q := s.queue(); q != nil {
		q.Close()
	}
}

func (s *Store) queue() *groupcommit.Queue {
	s.writer.mu.RLock()
	defer s.writer.mu.RUnlock()
	return s.writer.queue
}

// Submit stores r for the campaign with id campaignID and returns only after the
// transaction holding it has committed (or failed). The same id with the same content is
// Replayed; the same id with other content is ECONFLICT, whichever instance stored it
// first: the primary key (campaign, id) decides, not this process's memory. r must be
// validated already. When r carries a one-time code, the code is marked used in the same
// transaction (see claimCode), and never stored with the response.
func (s *Store) Submit(ctx context.Context, campaignID int64, r *survey.Response) (Outcome, error) {
	q := s.queue()
	if q == nil {
		return 0, ErrClosed
	}
	req := &writeReq{CampaignID: campaignID, R: r}
	if r.Code != "" {
		h, err := s.hashCode(ctx, campaignID, r.Code)
		if err != nil {
			return 0, err
		}
		req.Code = h
	}
	o, err := q.Submit(ctx, req)
	if s.OutcomeHook != nil {
		s.OutcomeHook(o, err)
	}
	return o, err
}

// retryable reports whether err is a deadlock or serialization failure, after which the
// same transaction may simply run again (two instances locking the same code or tally in
// another order).
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// commitBatch stores the batch in one transaction and returns each request's result once
// it has committed. The responses are inserted in the order of their campaign and random
// id, never in arrival order (see byID).
func (s *Store) commitBatch(batch []*writeReq) ([]writeResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	reqs := slices.Clone(batch)
	byID(reqs)
	var results map[*writeReq]writeResult
	var err error
	for try := 0; try < 3; try++ {
		results, err = s.commitOnce(ctx, reqs)
		if !retryable(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	out := make([]writeResult, len(batch))
	for i, req := range batch {
		out[i] = results[req]
	}
	return out, nil
}

// commitOnce runs storeResponses on a connection of its own, which begins and commits
// the transaction within its round trips. After an error the transaction is rolled back,
// or the connection closed (which ends it) when that fails.
func (s *Store) commitOnce(ctx context.Context, reqs []*writeReq) (map[*writeReq]writeResult, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	results, err := s.storeResponses(ctx, conn, reqs, submitMode, true)
	if err != nil {
		if conn.Conn().PgConn().TxStatus() != 'I' {
			if _, rerr := conn.Exec(ctx, "ROLLBACK"); rerr != nil {
				c := conn.Hijack()
				c.Close(context.WithoutCancel(ctx))
				return nil, err
			}
		}
		conn.Release()
		return nil, err
	}
	conn.Release()
	return results, nil
}

// byID sorts requests by campaign, then by response id. A batch inserted in this order
// leaves nothing of its arrival order in the heap; and two transactions (two instances)
// that store the same ids take their locks in the same order.
func byID(reqs []*writeReq) {
	slices.SortStableFunc(reqs, func(a, b *writeReq) int {
		if a.CampaignID != b.CampaignID {
			return cmp.Compare(a.CampaignID, b.CampaignID)
		}
		return bytes.Compare(a.R.ID[:], b.R.ID[:])
	})
}

// storeMode is what storeResponses does with a request whose id is taken.
type storeMode int

const (
	submitMode storeMode = iota // members' submissions: Replayed or ECONFLICT per request
	paperMode                   // a paper batch: the whole transaction fails, naming the ballot
	bulkMode                    // InsertResponses: skipped; no ballot proposals either
)

// storeResponses stores reqs (sorted by byID) in q: it claims their codes, inserts the
// responses as pending, adds the ballot proposals to the inbox, moves the snapshot of
// every campaign whose pending responses reached its threshold (adding them to its
// tally) and counts the new responses by day. Besides the codes and the replays, which
// need answers one at a time, that is two round trips: the inserts and what the
// snapshot needs (read without a lock); then every write that follows.
//
// With own set, q is a connection outside any transaction: the first round trip begins
// one and the last commits it (results are returned only once it has committed), and
// the snapshot moves by compare-and-set (advanceCAS), so that no lock is held across a
// round trip, only the rows the second one writes until its commit. Else q is a
// transaction the caller commits, and the snapshot moves under the tally lock.
func (s *Store) storeResponses(ctx context.Context, q batcher, reqs []*writeReq, mode storeMode, own bool) (map[*writeReq]writeResult, error) {
	results := make(map[*writeReq]writeResult, len(reqs))
	begin := own // BEGIN still to send
	if begin && slices.ContainsFunc(reqs, func(r *writeReq) bool { return r.Code != nil }) {
		if _, err := q.Exec(ctx, "BEGIN"); err != nil {
			return nil, err
		}
		begin = false
	}
	var toInsert []*writeReq // the requests to insert, all in one statement
	var camps []int64
	planned := map[responseKey]*writeReq{} // the first request to insert each id
	for _, req := range reqs {
		if !slices.Contains(camps, req.CampaignID) {
			camps = append(camps, req.CampaignID)
		}
		k := responseKey{req.CampaignID, req.R.ID}
		if req.Code != nil {
			// A code is claimed first, request by request: the claim sees the codes this
			// transaction marked used and, through planned, the responses it is about to
			// insert (claimCode).
			res, done, err := claimCode(ctx, q, req, planned[k])
			if err != nil {
				return nil, err
			}
			if done {
				if mode == paperMode {
					if res.Err == nil { // a replay: a response with this id exists already
						res.Err = storage.ErrIDConflict()
					}
					return nil, storage.BallotError(req.Ballot, res.Err)
				}
				results[req] = res
				continue
			}
		}
		if planned[k] == nil {
			planned[k] = req
		}
		toInsert = append(toInsert, req)
	}
	slices.Sort(camps)

	// First round trip.
	b := &pgx.Batch{}
	if begin {
		b.Queue("BEGIN")
	}
	if len(toInsert) > 0 {
		queueInsert(b, toInsert)
	}
	for _, id := range camps {
		queueSnapshotRead(b, id)
	}
	br := q.SendBatch(ctx, b)
	snaps, err := s.readBatch1(br, begin, toInsert, camps, results)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}

	var created []*writeReq
	for _, req := range reqs {
		if _, ok := results[req]; ok {
			if results[req].Outcome == Created {
				created = append(created, req)
			}
			continue
		}
		// Not inserted: the id is stored already (before, or earlier in this batch).
		switch mode {
		case bulkMode:
			continue
		case paperMode:
			return nil, storage.BallotError(req.Ballot, storage.ErrIDConflict())
		}
		prev, err := getResponse(ctx, q, req.CampaignID, req.R.ID)
		if err != nil {
			return nil, err
		}
		if prev.SameContent(req.R) {
			results[req] = writeResult{Outcome: Replayed}
		} else {
			results[req] = writeResult{Err: storage.ErrIDConflict()}
		}
	}

	// Second round trip.
	b = &pgx.Batch{}
	if mode != bulkMode {
		queueBallotProposals(b, created)
	}
	cas := map[int]int64{} // position in b of a compare-and-set → its campaign
	for _, id := range camps {
		at := b.Len()
		queued, err := s.queueAdvance(ctx, q, b, id, snaps[id], own)
		if err != nil {
			return nil, err
		}
		if queued {
			cas[at] = id
		}
	}
	queueDays(b, created)
	if own {
		if s.writer.beforeCommit != nil {
			s.writer.beforeCommit()
		}
		b.Queue("COMMIT")
	}
	if b.Len() == 0 {
		return results, nil
	}
	br = q.SendBatch(ctx, b)
	var (
		tag    pgconn.CommandTag
		missed []int64 // campaigns whose compare-and-set failed
	)
	for i := range b.Len() {
		if id, ok := cas[i]; ok {
			var moved bool
			if err := br.QueryRow().Scan(&moved); err != nil {
				br.Close()
				return nil, err
			}
			if !moved {
				missed = append(missed, id)
			}
			continue
		}
		if tag, err = br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	if err := br.Close(); err != nil {
		return nil, err
	}
	if own && tag.String() != "COMMIT" {
		return nil, fmt.Errorf("commit: %s", tag)
	}
	for _, id := range missed {
		s.catchUp(id)
	}
	return results, nil
}

// readBatch1 reads the results of the first round trip of storeResponses: BEGIN when it
// was sent, the inserted responses of toInsert, then each campaign's snapshot state.
func (s *Store) readBatch1(br pgx.BatchResults, begin bool, toInsert []*writeReq, camps []int64, results map[*writeReq]writeResult) (map[int64]*snapState, error) {
	if begin {
		if _, err := br.Exec(); err != nil {
			return nil, err
		}
	}
	if len(toInsert) > 0 {
		if err := readInserted(br, toInsert, results); err != nil {
			return nil, err
		}
	}
	snaps := make(map[int64]*snapState, len(camps))
	for _, id := range camps {
		sn, err := readSnapshot(br)
		if err != nil {
			return nil, err
		}
		snaps[id] = sn
	}
	return snaps, nil
}

// insertResponses inserts the responses it is given (unnest arrays, in their order) when
// their id is free, and lists those it inserted as pending, in one statement.
const insertResponses = `WITH ins AS (
	INSERT INTO responses (campaign_id, id, workplace, channel, day, ranking, background, proposal, ratings, rkey)
	SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[])
	ON CONFLICT DO NOTHING
	RETURNING campaign_id, id
), p AS (
	INSERT INTO pending (campaign_id, id) SELECT campaign_id, id FROM ins
)
SELECT campaign_id, id FROM ins`

type responseKey struct {
	campaignID int64
	id         uuid.UUID
}

// queueInsert queues the insert of the responses of reqs, in their order, each with a new
// record key (readInserted reads its result).
func queueInsert(b *pgx.Batch, reqs []*writeReq) {
	n := len(reqs)
	var (
		camps                                          = make([]int64, n)
		ids                                            = make([]uuid.UUID, n)
		wps, chs, days, rankings, bgs, props, ratingss = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		keys                                           = make([]int64, n)
	)
	for i, req := range reqs {
		r := req.R
		camps[i], ids[i], wps[i], chs[i], days[i] = req.CampaignID, r.ID, r.Workplace, string(r.Channel), r.Day
		rankings[i], bgs[i], props[i], ratingss[i] = storage.EncodeRanking(r.Ranking), storage.EncodeBackground(r.Background), r.Proposal, storage.EncodeRatings(r.Ratings)
		keys[i] = storage.NewRecordKey()
	}
	b.Queue(insertResponses, camps, ids, wps, chs, days, rankings, bgs, props, ratingss, keys)
}

// readInserted reads the result of queueInsert and sets the result of the requests it
// inserted to Created; the others have an id that is taken. Two requests of reqs with
// one id insert it once: the first is Created.
func readInserted(br pgx.BatchResults, reqs []*writeReq, results map[*writeReq]writeResult) error {
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("insert responses: %w", err)
	}
	inserted := map[responseKey]bool{}
	var k responseKey
	_, err = pgx.ForEachRow(rows, []any{&k.campaignID, &k.id}, func() error {
		inserted[k] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("insert responses: %w", err)
	}
	for _, req := range reqs {
		k := responseKey{req.CampaignID, req.R.ID}
		if inserted[k] {
			delete(inserted, k) // a second request with this id finds it taken
			results[req] = writeResult{Outcome: Created}
		}
	}
	return nil
}

// getResponse reads one response of a campaign; campaignID 0 means any campaign.
func getResponse(ctx context.Context, q queryer, campaignID int64, id uuid.UUID) (*survey.Response, error) {
	var (
		resp                             survey.Response
		ch, ranking, background, ratings string
		key                              int64
	)
	err := q.QueryRow(ctx, `SELECT workplace, channel, day, ranking, background, proposal, ratings, rkey
		FROM responses WHERE ($1 = 0 OR campaign_id = $1) AND id = $2`, campaignID, id).
		Scan(&resp.Workplace, &ch, &resp.Day, &ranking, &background, &resp.Proposal, &ratings, &key)
	if err != nil {
		return nil, formatError(err)
	}
	if resp.Ratings, err = storage.DecodeRatings(ratings, nil); err != nil {
		return nil, fmt.Errorf("stored response %s: %w", id, err)
	}
	resp.ID, resp.Channel, resp.Key = id, survey.Channel(ch), uint32(key)
	resp.Ranking = storage.DecodeRanking(ranking)
	resp.Background = storage.DecodeBackground(background)
	return &resp, nil
}

// Response returns the stored response with the given id, in whichever campaign: it is
// for tests and tools.
func (s *Store) Response(ctx context.Context, id uuid.UUID) (*survey.Response, error) {
	return getResponse(ctx, s.pool, 0, id)
}

// ResponseCount returns how many responses a campaign has.
func (s *Store) ResponseCount(ctx context.Context, campaignID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(SUM(n), 0) FROM response_days WHERE campaign_id = $1`, campaignID).Scan(&n)
	return n, err
}

// Order is the order EachResponse delivers responses in.
type Order = survey.Order

// The orders. ByID is the random order of the response ids. PostgreSQL's heap keeps
// rows roughly in the order they were written, so this store gives ByID for either.
const (
	Unordered = survey.Unordered
	ByID      = survey.ByID
)

// EachResponse calls fn for every response of a campaign, counted or pending: for tools
// (verify, export of the whole store). Figures about what members answered come from
// EachCounted. Rows come in the order of their random ids whatever order is asked for:
// the table's physical order follows the order of the write batches (see seal.go). The
// *Response passed to fn is reused between calls: fn must copy what it keeps. Returning
// an error from fn stops the walk.
func (s *Store) EachResponse(ctx context.Context, campaignID int64, order Order, fn func(*survey.Response) error) error {
	return eachRow(ctx, s.pool, campaignID, allRows, nil, fn)
}

// EachCounted calls fn for every response of campaign c that its figures may show at time
// now: while c is open, only the counted responses (the snapshot, which moves by at least
// the anonymity threshold at a time); once it is closed (state or closing time), all of
// them. Responses come in the order of their random ids, never in arrival order.
func (s *Store) EachCounted(ctx context.Context, c *survey.Campaign, now time.Time, fn func(*survey.Response) error) error {
	which := onlyCounted
	if c.ClosedAt(now) {
		which = allRows
	}
	return eachRow(ctx, s.pool, c.ID, which, nil, fn)
}

// CountedResponses returns how many responses of c its figures show at time now (see
// EachCounted). A campaign's tally, when there is one, holds the number of its counted
// responses, so no row is read.
func (s *Store) CountedResponses(ctx context.Context, c *survey.Campaign, now time.Time) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT t.responses + CASE WHEN $2 THEN (SELECT COUNT(*) FROM pending p WHERE p.campaign_id = $1) ELSE 0 END
		FROM tallies t WHERE t.campaign_id = $1`, c.ID, c.ClosedAt(now)).Scan(&n)
	if !errors.Is(err, pgx.ErrNoRows) {
		return n, err
	}
	err = s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM responses WHERE campaign_id = $1 AND ($2 OR `+unlisted+`)`,
		c.ID, c.ClosedAt(now)).Scan(&n)
	return n, err
}

// unlisted is true for a response that is not listed as pending.
const unlisted = `NOT EXISTS (SELECT 1 FROM pending p WHERE p.campaign_id = responses.campaign_id AND p.id = responses.id)`

// Which responses eachRow walks.
type rowSet int

const (
	allRows     rowSet = iota // every response, counted or pending
	onlyCounted               // the counted responses (the snapshot)
	onlyPending               // the pending responses (fewer than the threshold)
	theseRows                 // the responses whose ids are given
	countedOr                 // the counted responses and those whose ids are given
)

const responseCols = `id, workplace, channel, day, ranking, background, proposal, ratings, rkey`

var eachQuery = [...]string{
	allRows:     `SELECT ` + responseCols + ` FROM responses WHERE campaign_id = $1 ORDER BY id`,
	onlyCounted: `SELECT ` + responseCols + ` FROM responses WHERE campaign_id = $1 AND ` + unlisted + ` ORDER BY id`,
	onlyPending: `SELECT ` + responseCols + ` FROM responses WHERE campaign_id = $1 AND id IN (SELECT id FROM pending WHERE campaign_id = $1) ORDER BY id`,
	theseRows:   `SELECT ` + responseCols + ` FROM responses WHERE campaign_id = $1 AND id = ANY($2) ORDER BY id`,
	countedOr:   `SELECT ` + responseCols + ` FROM responses WHERE campaign_id = $1 AND (id = ANY($2) OR ` + unlisted + `) ORDER BY id`,
}

// eachRow walks the responses of a campaign in q (the pool or a transaction), in the
// order of their ids; ids are the ids of theseRows and countedOr.
func eachRow(ctx context.Context, q queryer, campaignID int64, which rowSet, ids []uuid.UUID, fn func(*survey.Response) error) error {
	args := []any{campaignID}
	if which == theseRows || which == countedOr {
		args = append(args, ids)
	}
	rows, err := q.Query(ctx, eachQuery[which], args...)
	if err != nil {
		return err
	}
	return scanResponses(rows, fn)
}

// scanResponses calls fn for every row of rows (the columns responseCols) and closes rows.
func scanResponses(rows pgx.Rows, fn func(*survey.Response) error) error {
	var (
		r                                         survey.Response
		ch, ranking, background, proposal, rating string
		key                                       int64
		dec                                       storage.Decoder
	)
	_, err := pgx.ForEachRow(rows, []any{&r.ID, &r.Workplace, &ch, &r.Day, &ranking, &background, &proposal, &rating, &key}, func() error {
		r.Channel, r.Proposal, r.Key = survey.Channel(ch), proposal, uint32(key)
		if err := dec.Decode(&r, ranking, background, rating); err != nil {
			return err
		}
		return fn(&r)
	})
	return err
}

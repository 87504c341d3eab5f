package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/groupcommit"
	"kravlistan/survey/internal/storage"

	"github.com/google/uuid"
)

// maxBatch bounds how many submissions one transaction commits.
const maxBatch = 512

// Outcome says what a submission did.
type Outcome = survey.Outcome

// The outcomes of a submission.
const (
	Created  = survey.Created  // stored now
	Replayed = survey.Replayed // the same id with the same content was already stored
)

type (
	writeReq    = groupcommit.Request
	writeResult = groupcommit.Result
)

// ErrClosed is returned by Submit after Close.
var ErrClosed = groupcommit.ErrClosed

// Submit stores r for the campaign with id campaignID and returns only after the
// transaction holding it has committed (or failed). The same id with the same content is
// Replayed; the same id with other content is ECONFLICT. r must be validated already.
// When r carries a one-time code, the code is marked used in the same transaction (see
// claimCode), and never stored with the response.
func (s *Store) Submit(ctx context.Context, campaignID int64, r *survey.Response) (Outcome, error) {
	req := &writeReq{CampaignID: campaignID, R: r}
	if r.Code != "" {
		h, err := s.hashCode(ctx, campaignID, r.Code)
		if err != nil {
			return 0, err
		}
		req.Code = h
	}
	o, err := s.queue.Submit(ctx, req)
	if s.OutcomeHook != nil {
		s.OutcomeHook(o, err)
	}
	return o, err
}

// writer is the only goroutine writing responses (groupcommit.Queue.Run).
func (s *Store) writer() {
	defer close(s.writerD)
	s.queue.Run(maxBatch, s.commitBatch, func(n int) {
		if s.BatchHook != nil {
			s.BatchHook(n)
		}
	})
}

// insertResponse stores one response with a random record key; insertPending lists it as
// pending (not yet in the snapshot, see migrations 0006 and 0007).
const (
	insertResponse = `INSERT INTO responses (id, campaign_id, workplace, channel, day, ranking, background, proposal, ratings, rkey)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	insertPending = `INSERT INTO pending (campaign_id, id) VALUES (?, ?)`
)

// notPending is the condition of a snapshot read: the response is not listed as pending,
// or ?2 (the campaign is closed) is true.
const notPending = `(?2 OR ` + unlisted + `)`

// unlisted is true for a response that is not listed as pending.
const unlisted = `NOT EXISTS (SELECT 1 FROM pending p WHERE p.campaign_id = responses.campaign_id AND p.id = responses.id)`

func (s *Store) commitBatch(batch []*writeReq) ([]writeResult, error) {
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertResponse)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	pend, err := tx.PrepareContext(ctx, insertPending)
	if err != nil {
		return nil, err
	}
	defer pend.Close()
	results := make([]writeResult, len(batch))
	pb := s.newPendingBatch()
	for i, req := range batch {
		r := req.R
		if err := pb.before(ctx, tx, req.CampaignID); err != nil {
			return nil, err
		}
		if req.Code != nil {
			res, done, err := claimCode(ctx, tx, req)
			if err != nil {
				return nil, err
			} else if done {
				results[i] = res
				continue
			}
		}
		key := storage.NewRecordKey()
		res, err := stmt.ExecContext(ctx, r.ID.String(), req.CampaignID, r.Workplace, string(r.Channel), r.Day,
			storage.EncodeRanking(r.Ranking), storage.EncodeBackground(r.Background), r.Proposal, storage.EncodeRatings(r.Ratings), key)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			if _, err := pend.ExecContext(ctx, req.CampaignID, r.ID.String()); err != nil {
				return nil, err
			}
			if r.Proposal != "" {
				// The free-text proposal joins the intake inbox (proposal.go).
				if err := addBallotProposal(ctx, tx, req.CampaignID, r); err != nil {
					return nil, err
				}
			}
			results[i] = writeResult{Outcome: Created}
			pb.created(req.CampaignID, r, key)
			continue
		}
		prev, err := getResponse(ctx, tx, req.CampaignID, r.ID)
		if err != nil {
			return nil, err
		}
		if prev.SameContent(r) {
			results[i] = writeResult{Outcome: Replayed}
		} else {
			results[i] = writeResult{Err: storage.ErrIDConflict()}
		}
	}
	if err := pb.advance(ctx, tx); err != nil {
		return nil, err
	}
	if s.beforeCommit != nil {
		s.beforeCommit()
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return results, nil
}

// getResponse reads one response of a campaign; campaignID 0 means any campaign (a scan:
// the table is keyed by campaign first).
func getResponse(ctx context.Context, q queryer, campaignID int64, id uuid.UUID) (*survey.Response, error) {
	var (
		resp                             survey.Response
		ch, ranking, background, ratings string
		key                              int64
	)
	err := q.QueryRowContext(ctx, `SELECT workplace, channel, day, ranking, background, proposal, ratings, rkey
		FROM responses WHERE (campaign_id = ?1 OR ?1 = 0) AND id = ?2`, campaignID, id.String()).
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

// Response returns the stored response with the given id, in whichever campaign. It scans
// the table (responses are keyed by campaign, then id): it is for tests and tools.
func (s *Store) Response(ctx context.Context, id uuid.UUID) (*survey.Response, error) {
	return getResponse(ctx, s.r, 0, id)
}

// ResponseCount returns how many responses a campaign has.
func (s *Store) ResponseCount(ctx context.Context, campaignID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM response_days WHERE campaign_id = ?`, campaignID).Scan(&n)
	return n, err
}

// Order is the order EachResponse delivers responses in.
type Order = survey.Order

// The orders. ByID is the random order of the response ids; exports use it so that rows
// never reveal the order in which members answered. The table is kept in that order, so
// both give it.
const (
	Unordered = survey.Unordered
	ByID      = survey.ByID
)

// EachResponse calls fn for every response of a campaign, counted or pending: for tools
// (verify, export of the whole store). Figures about what members answered come from
// EachCounted. The *Response passed to fn is reused between calls: fn must copy what it
// keeps. Returning an error from fn stops the walk.
func (s *Store) EachResponse(ctx context.Context, campaignID int64, order Order, fn func(*survey.Response) error) error {
	return eachRow(ctx, s.r, campaignID, allRows, fn)
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
	return eachRow(ctx, s.r, c.ID, which, fn)
}

// CountedResponses returns how many responses of c its figures show at time now (see
// EachCounted).
// A campaign's tally, when there is one, holds the number of its counted responses (a
// tally present is always exact, see tally.go), so no row is read.
func (s *Store) CountedResponses(ctx context.Context, c *survey.Campaign, now time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT t.responses + CASE WHEN ?2 THEN (SELECT COUNT(*) FROM pending p WHERE p.campaign_id = ?1) ELSE 0 END
		FROM tallies t WHERE t.campaign_id = ?1`, c.ID, c.ClosedAt(now)).Scan(&n)
	if !errors.Is(err, sql.ErrNoRows) {
		return n, err
	}
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM responses WHERE campaign_id = ?1 AND `+notPending,
		c.ID, c.ClosedAt(now)).Scan(&n)
	return n, err
}

// Which responses eachRow walks.
type rowSet int

const (
	allRows     rowSet = iota // every response, counted or pending
	onlyCounted               // the counted responses (the snapshot)
	onlyPending               // the pending responses (fewer than the threshold; listed in pending,
	// which CROSS JOIN makes the outer loop: the planner would otherwise walk the campaign's
	// responses and look each up in pending)
)

var eachQuery = [...]string{
	allRows:     `SELECT id, workplace, channel, day, ranking, background, proposal, ratings, rkey FROM responses WHERE campaign_id = ? ORDER BY id`,
	onlyCounted: `SELECT id, workplace, channel, day, ranking, background, proposal, ratings, rkey FROM responses WHERE campaign_id = ? AND ` + unlisted + ` ORDER BY id`,
	onlyPending: `SELECT r.id, r.workplace, r.channel, r.day, r.ranking, r.background, r.proposal, r.ratings, r.rkey
		FROM pending p CROSS JOIN responses r ON r.campaign_id = p.campaign_id AND r.id = p.id WHERE p.campaign_id = ?`,
}

// eachRow walks the responses of a campaign in q (the read pool or a transaction), in the
// order of their ids (the table's order) except for the pending ones.
func eachRow(ctx context.Context, q txQueryer, campaignID int64, which rowSet, fn func(*survey.Response) error) error {
	rows, err := q.QueryContext(ctx, eachQuery[which], campaignID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		r                                     survey.Response
		id, ch, ranking, background, proposal sql.RawBytes
		ratings                               sql.RawBytes
		wp, day                               string
		key                                   int64
		dec                                   storage.Decoder
	)
	for rows.Next() {
		if err := rows.Scan(&id, &wp, &ch, &day, &ranking, &background, &proposal, &ratings, &key); err != nil {
			return err
		}
		u, err := uuid.ParseBytes(id)
		if err != nil {
			return fmt.Errorf("stored response id %q: %w", id, err)
		}
		r.ID, r.Workplace, r.Channel, r.Day, r.Proposal, r.Key = u, wp, survey.Channel(ch), day, string(proposal), uint32(key)
		if err := dec.Decode(&r, string(ranking), string(background), string(ratings)); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

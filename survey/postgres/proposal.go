package postgres

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// The proposals of the intake round and the organisers' inbox (survey.ProposalStore).

const insertProposal = `INSERT INTO proposals (campaign_id, id, source, workplace, area, title, body, background, meeting_members, day)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`

// SubmitProposal stores p (validated by the caller) and returns once it is durable. The
// same id with the same content is Replayed; with other content ECONFLICT, whichever
// instance stored it first.
func (s *Store) SubmitProposal(ctx context.Context, campaignID int64, p *survey.Proposal) (Outcome, error) {
	var out Outcome
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, insertProposal, campaignID, p.ID, string(p.Source), p.Workplace, p.Area,
			p.Title, p.Body, storage.EncodeBackground(p.Background), p.MeetingMembers, p.Day)
		if err != nil {
			return fmt.Errorf("store proposal: %w", err)
		}
		if tag.RowsAffected() == 1 {
			out = Created
			return nil
		}
		prev, err := getProposal(ctx, tx, campaignID, p.ID)
		if err != nil {
			return err
		}
		if !prev.SameContent(p) {
			return survey.ProposalIDConflict()
		}
		out = Replayed
		return nil
	})
	if err != nil {
		return 0, err
	}
	return out, nil
}

// queueBallotProposals queues the copy of the free-text proposals of the responses being
// stored into the inbox, in the transaction that stores them, in the order of the
// proposals' own random ids.
func queueBallotProposals(b *pgx.Batch, created []*writeReq) {
	type ballot struct {
		campaignID int64
		p          *survey.Proposal
	}
	var ps []ballot
	for _, req := range created {
		if req.R.Proposal != "" {
			ps = append(ps, ballot{req.CampaignID, survey.BallotProposal(req.R)})
		}
	}
	if len(ps) == 0 {
		return
	}
	slices.SortFunc(ps, func(a, b ballot) int { return bytes.Compare(a.p.ID[:], b.p.ID[:]) })
	camps, ids := make([]int64, len(ps)), make([]uuid.UUID, len(ps))
	srcs, wps, titles, bodies, days := make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps))
	for i, b := range ps {
		camps[i], ids[i], srcs[i], wps[i], titles[i], bodies[i], days[i] = b.campaignID, b.p.ID, string(b.p.Source), b.p.Workplace, b.p.Title, b.p.Body, b.p.Day
	}
	b.Queue(`INSERT INTO proposals (campaign_id, id, source, workplace, title, body, day)
		SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
		ON CONFLICT DO NOTHING`, camps, ids, srcs, wps, titles, bodies, days)
}

const proposalColumns = `id, source, workplace, area, title, body, background, meeting_members, day, status, demand_key, reason`

func scanProposal(sc storage.Scanner) (survey.Proposal, error) {
	var (
		p           survey.Proposal
		src, bg, st string
	)
	if err := sc.Scan(&p.ID, &src, &p.Workplace, &p.Area, &p.Title, &p.Body, &bg, &p.MeetingMembers, &p.Day, &st, &p.Demand, &p.Reason); err != nil {
		return p, err
	}
	p.Source, p.Status, p.Background = survey.ProposalSource(src), survey.ProposalStatus(st), storage.DecodeBackground(bg)
	return p, nil
}

func getProposal(ctx context.Context, q queryer, campaignID int64, id uuid.UUID) (*survey.Proposal, error) {
	p, err := scanProposal(q.QueryRow(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE campaign_id = $1 AND id = $2`, campaignID, id))
	if err != nil {
		return nil, formatError(err)
	}
	return &p, nil
}

// Proposals returns every proposal of a campaign in the order of their random ids.
func (s *Store) Proposals(ctx context.Context, campaignID int64) ([]survey.Proposal, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE campaign_id = $1 ORDER BY id`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.Proposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProposalCount returns how many proposals a campaign has.
func (s *Store) ProposalCount(ctx context.Context, campaignID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM proposals WHERE campaign_id = $1`, campaignID).Scan(&n)
	return n, err
}

// MergeProposals saves c and marks the proposals merged into the demand key, in one
// transaction.
func (s *Store) MergeProposals(ctx context.Context, c *survey.Campaign, ids []uuid.UUID, key, by, reason string) error {
	if err := storage.CheckMerge(c, ids, key); err != nil {
		return err
	}
	doc, err := storage.PrepareSave(c, reason)
	if err != nil {
		return err
	}
	var id int64
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, err = s.saveCampaignTx(ctx, tx, c, doc, by, reason); err != nil {
			return err
		}
		return setProposals(ctx, tx, id, ids, survey.ProposalMerged, key, "")
	})
	if err != nil {
		return err
	}
	c.ID = id
	s.cache.Drop(c.Slug)
	return nil
}

// SetProposalsAside marks the proposals set aside with reason.
func (s *Store) SetProposalsAside(ctx context.Context, campaignID int64, ids []uuid.UUID, reason string) error {
	reason, err := storage.AsideReason(ids, reason)
	if err != nil {
		return err
	}
	return s.updateProposals(ctx, campaignID, ids, survey.ProposalAside, "", reason)
}

// ReturnProposals puts the proposals back in the inbox as new.
func (s *Store) ReturnProposals(ctx context.Context, campaignID int64, ids []uuid.UUID) error {
	if err := survey.CheckProposalIDs(ids); err != nil {
		return err
	}
	return s.updateProposals(ctx, campaignID, ids, survey.ProposalNew, "", "")
}

// updateProposals sets the proposals' status and tells every instance: what a demand is
// built on (its provenance) is part of the results the web layer keeps per campaign.
func (s *Store) updateProposals(ctx context.Context, campaignID int64, ids []uuid.UUID, st survey.ProposalStatus, key, reason string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := setProposals(ctx, tx, campaignID, ids, st, key, reason); err != nil {
			return err
		}
		var slug string
		if err := tx.QueryRow(ctx, `SELECT slug FROM campaigns WHERE id = $1`, campaignID).Scan(&slug); err != nil {
			return err
		}
		return s.changed(ctx, tx, slug)
	})
}

// setProposals sets the status of every proposal in ids; ENOTFOUND (and nothing changed,
// since the caller rolls back) when one is not the campaign's.
func setProposals(ctx context.Context, tx pgx.Tx, campaignID int64, ids []uuid.UUID, st survey.ProposalStatus, key, reason string) error {
	tag, err := tx.Exec(ctx, `UPDATE proposals SET status = $1, demand_key = $2, reason = $3 WHERE campaign_id = $4 AND id = ANY($5)`,
		string(st), key, reason, campaignID, ids)
	if err != nil {
		return err
	}
	distinct := map[uuid.UUID]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	if tag.RowsAffected() != int64(len(distinct)) {
		return &survey.Error{Code: survey.ENOTFOUND, Key: "proposal_not_found", Message: survey.Message("sv", "proposal_not_found")}
	}
	return nil
}

// Provenance counts, per demand key, the proposals merged into it, the distinct
// workplaces they came from and the members of the meetings behind them.
func (s *Store) Provenance(ctx context.Context, campaignID int64) (map[string]survey.Provenance, error) {
	rows, err := s.pool.Query(ctx, `SELECT demand_key, COUNT(*), COUNT(DISTINCT NULLIF(workplace, '')), SUM(meeting_members)
		FROM proposals WHERE campaign_id = $1 AND status = 'merged' AND demand_key <> '' GROUP BY demand_key`, campaignID)
	if err != nil {
		return nil, err
	}
	out := map[string]survey.Provenance{}
	var (
		key string
		p   survey.Provenance
	)
	_, err = pgx.ForEachRow(rows, []any{&key, &p.Proposals, &p.Workplaces, &p.MeetingMembers}, func() error {
		out[key] = p
		return nil
	})
	return out, err
}

// CopyProposals copies the new proposals of campaign from into campaign to under new
// random ids (version 4, as every proposal id), in the order of the new ids.
func (s *Store) CopyProposals(ctx context.Context, from, to int64) (int, error) {
	ps, err := s.Proposals(ctx, from)
	if err != nil {
		return 0, err
	}
	var copies []survey.Proposal
	for _, p := range ps {
		if p.Status == survey.ProposalNew {
			p.ID = uuid.New()
			copies = append(copies, p)
		}
	}
	slices.SortFunc(copies, func(a, b survey.Proposal) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		for _, p := range copies {
			if _, err := tx.Exec(ctx, insertProposal, to, p.ID, string(p.Source), p.Workplace, p.Area,
				p.Title, p.Body, storage.EncodeBackground(p.Background), p.MeetingMembers, p.Day); err != nil {
				return fmt.Errorf("copy proposal: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(copies), nil
}

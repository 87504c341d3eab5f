package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"

	"github.com/google/uuid"
)

// The proposals of the intake round and the organisers' inbox (survey.ProposalStore; the
// table is described in migrations/0017_proposals.sql).

const insertProposal = `INSERT INTO proposals (campaign_id, id, source, workplace, area, title, body, background, meeting_members, day)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// SubmitProposal stores p (validated by the caller) and returns once it is durable. The
// same id with the same content is Replayed; with other content ECONFLICT.
func (s *Store) SubmitProposal(ctx context.Context, campaignID int64, p *survey.Proposal) (Outcome, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, insertProposal, campaignID, p.ID.String(), string(p.Source), p.Workplace, p.Area,
		p.Title, p.Body, storage.EncodeBackground(p.Background), p.MeetingMembers, p.Day)
	if err != nil {
		return 0, fmt.Errorf("store proposal: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		prev, err := getProposal(ctx, tx, campaignID, p.ID)
		if err != nil {
			return 0, err
		}
		if !prev.SameContent(p) {
			return 0, survey.ProposalIDConflict()
		}
		return Replayed, nil
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return Created, nil
}

// addBallotProposal copies the free-text proposal of a response being stored into the
// inbox, in the transaction that stores the response.
func addBallotProposal(ctx context.Context, tx *sql.Tx, campaignID int64, r *survey.Response) error {
	p := survey.BallotProposal(r)
	_, err := tx.ExecContext(ctx, insertProposal, campaignID, p.ID.String(), string(p.Source), p.Workplace, "",
		p.Title, p.Body, "", 0, p.Day)
	return err
}

const proposalColumns = `id, source, workplace, area, title, body, background, meeting_members, day, status, demand_key, reason`

func scanProposal(sc interface{ Scan(...any) error }) (survey.Proposal, error) {
	var (
		p                      survey.Proposal
		id, src, bg, st        string
		workplace, area, title string
	)
	if err := sc.Scan(&id, &src, &workplace, &area, &title, &p.Body, &bg, &p.MeetingMembers, &p.Day, &st, &p.Demand, &p.Reason); err != nil {
		return p, err
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return p, fmt.Errorf("stored proposal id %q: %w", id, err)
	}
	p.ID, p.Source, p.Status = u, survey.ProposalSource(src), survey.ProposalStatus(st)
	p.Workplace, p.Area, p.Title, p.Background = workplace, area, title, storage.DecodeBackground(bg)
	return p, nil
}

func getProposal(ctx context.Context, q queryer, campaignID int64, id uuid.UUID) (*survey.Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE campaign_id = ? AND id = ?`,
		campaignID, id.String()))
	if err != nil {
		return nil, formatError(err)
	}
	return &p, nil
}

// Proposals returns every proposal of a campaign in the order of their random ids.
func (s *Store) Proposals(ctx context.Context, campaignID int64) ([]survey.Proposal, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE campaign_id = ? ORDER BY id`, campaignID)
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
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposals WHERE campaign_id = ?`, campaignID).Scan(&n)
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
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id, err := s.saveCampaignTx(ctx, tx, c, doc, by, reason)
	if err != nil {
		return err
	}
	if err := setProposals(ctx, tx, id, ids, survey.ProposalMerged, key, ""); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
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

func (s *Store) updateProposals(ctx context.Context, campaignID int64, ids []uuid.UUID, st survey.ProposalStatus, key, reason string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := setProposals(ctx, tx, campaignID, ids, st, key, reason); err != nil {
		return err
	}
	return tx.Commit()
}

// setProposals sets the status of every proposal in ids; ENOTFOUND (and nothing changed,
// since the caller rolls back) when one is not the campaign's.
func setProposals(ctx context.Context, tx *sql.Tx, campaignID int64, ids []uuid.UUID, st survey.ProposalStatus, key, reason string) error {
	stmt, err := tx.PrepareContext(ctx, `UPDATE proposals SET status = ?, demand_key = ?, reason = ? WHERE campaign_id = ? AND id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, id := range ids {
		res, err := stmt.ExecContext(ctx, string(st), key, reason, campaignID, id.String())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &survey.Error{Code: survey.ENOTFOUND, Key: "proposal_not_found", Message: survey.Message("sv", "proposal_not_found")}
		}
	}
	return nil
}

// Provenance counts, per demand key, the proposals merged into it, the distinct
// workplaces they came from and the members of the meetings behind them.
func (s *Store) Provenance(ctx context.Context, campaignID int64) (map[string]survey.Provenance, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT demand_key, COUNT(*), COUNT(DISTINCT NULLIF(workplace, '')), SUM(meeting_members)
		FROM proposals WHERE campaign_id = ? AND status = 'merged' AND demand_key <> '' GROUP BY demand_key`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]survey.Provenance{}
	for rows.Next() {
		var key string
		var p survey.Provenance
		if err := rows.Scan(&key, &p.Proposals, &p.Workplaces, &p.MeetingMembers); err != nil {
			return nil, err
		}
		out[key] = p
	}
	return out, rows.Err()
}

// CopyProposals copies the new proposals of campaign from into campaign to under new
// random ids (version 4, as every proposal id).
func (s *Store) CopyProposals(ctx context.Context, from, to int64) (int, error) {
	ps, err := s.Proposals(ctx, from)
	if err != nil {
		return 0, err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	for _, p := range ps {
		if p.Status != survey.ProposalNew {
			continue
		}
		if _, err := tx.ExecContext(ctx, insertProposal, to, uuid.NewString(), string(p.Source), p.Workplace, p.Area,
			p.Title, p.Body, storage.EncodeBackground(p.Background), p.MeetingMembers, p.Day); err != nil {
			return 0, fmt.Errorf("copy proposal: %w", err)
		}
		n++
	}
	return n, tx.Commit()
}

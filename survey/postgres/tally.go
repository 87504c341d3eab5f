package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
)

// The tally, as far as campaigns need it before responses can be stored here. This file
// is replaced by the port of survey/sqlite/tally.go (pgresp), which counts responses into
// the tally as they arrive; until then this store stores no responses, so the tally of
// every campaign is the empty tally of its shape, and these functions keep it so: a
// campaign gets one when it is made and a new one when a save changes its shape. Should
// a response or a pending one exist all the same (written by a newer kravlistan), they
// refuse rather than keep a tally that does not count it.

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
		if err := s.saveEmptyTally(ctx, tx, id, c); err != nil {
			return err
		}
		return s.changed(ctx, tx, c.Slug)
	})
	return id, err
}

// errResponsesHere is what the functions of this file answer when the campaign has
// responses, which only the full port of tally.go can count.
var errResponsesHere = errors.New("this kravlistan cannot count the responses stored in this database: use a newer kravlistan")

// countPending marks the pending responses of a campaign counted (force: all of them);
// there are none here.
func (s *Store) countPending(ctx context.Context, tx pgx.Tx, campaignID int64, force bool) error {
	var pending bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pending WHERE campaign_id = $1)`, campaignID).Scan(&pending); err != nil {
		return fmt.Errorf("advance snapshot: %w", err)
	}
	if pending {
		return errResponsesHere
	}
	return nil
}

// refreshTally runs in the transaction that saves campaign c (new version, its id set): a
// tally that no longer fits c's shape is replaced by the empty tally of c.
func (s *Store) refreshTally(ctx context.Context, tx pgx.Tx, c *survey.Campaign) error {
	if s.tallier == nil {
		_, err := tx.Exec(ctx, `DELETE FROM tallies WHERE campaign_id = $1`, c.ID)
		return err
	}
	var b []byte
	err := tx.QueryRow(ctx, `SELECT data FROM tallies WHERE campaign_id = $1`, c.ID).Scan(&b)
	if err == nil {
		if t, err := s.tallier.DecodeTally(b); err == nil && t.Fits(c) {
			return nil
		}
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("read tally: %w", err)
	}
	return s.saveEmptyTally(ctx, tx, c.ID, c)
}

// saveEmptyTally stores the empty tally of campaign c under id, once it is sure that the
// campaign has no responses to count.
func (s *Store) saveEmptyTally(ctx context.Context, tx pgx.Tx, id int64, c *survey.Campaign) error {
	if s.tallier == nil {
		return nil
	}
	var answered bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM responses WHERE campaign_id = $1)`, id).Scan(&answered); err != nil {
		return err
	}
	if answered {
		return errResponsesHere
	}
	b, err := s.tallier.NewTally(c).AppendBinary(nil)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO tallies (campaign_id, responses, data) VALUES ($1, 0, $2)
		ON CONFLICT (campaign_id) DO UPDATE SET responses = 0, data = excluded.data`, id, b); err != nil {
		return fmt.Errorf("store tally: %w", err)
	}
	return nil
}

package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// PartyList returns the frozen demand list of a campaign in its order (empty before freezing).
func (s *Store) PartyList(ctx context.Context, campaignID int64) ([]survey.ListItem, error) {
	return partyList(ctx, s.pool, campaignID)
}

func partyList(ctx context.Context, q queryer, campaignID int64) ([]survey.ListItem, error) {
	items, err := collect(ctx, q, storage.ScanListItem, `SELECT `+storage.ListCols+`
		FROM party_items WHERE campaign_id = $1 ORDER BY position, id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("party list: %w", err)
	}
	if items == nil {
		items = []survey.ListItem{}
	}
	return items, nil
}

// FreezeList replaces the demand list put to the parties with items (figures included).
// It is refused once any party has saved answers: from then on the list is edited with
// SaveList, which keeps the answers of the items that stay.
func (s *Store) FreezeList(ctx context.Context, c *survey.Campaign, items []survey.ListItem) error {
	return s.editList(ctx, c, items, func(tx pgx.Tx) error {
		var answered bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM party_answers a JOIN party_items i ON i.id = a.item_id
			WHERE i.campaign_id = $1)`, c.ID).Scan(&answered); err != nil {
			return err
		}
		if answered {
			return storage.PartyErr(survey.ECONFLICT, "list_has_answers")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM party_items WHERE campaign_id = $1`, c.ID); err != nil {
			return err
		}
		for i := range items {
			items[i].ID = 0
			if err := insertItem(ctx, tx, c, i, &items[i]); err != nil {
				return err
			}
		}
		return upsertSettings(ctx, tx, c.ID, `frozen_at = $2`, storage.TimeText(s.Now()))
	})
}

// editList checks items against campaign c and runs fn in a transaction that holds the
// campaign's party lock.
func (s *Store) editList(ctx context.Context, c *survey.Campaign, items []survey.ListItem, fn func(tx pgx.Tx) error) error {
	if len(items) == 0 {
		return storage.PartyErr(survey.EINVALID, "list_empty")
	}
	if err := survey.ValidateList(items, c); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, c.ID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// insertItem adds an item to c's list, with the assemblies of its demand when it names none.
func insertItem(ctx context.Context, tx pgx.Tx, c *survey.Campaign, pos int, it *survey.ListItem) error {
	as := storage.ItemAssemblies(c, it)
	err := tx.QueryRow(ctx, `INSERT INTO party_items (campaign_id, position, demand_key, title, body, member_rank, picks, share, assemblies)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, c.ID, pos, it.DemandKey, it.Title, it.Body, it.Rank, it.Picks, it.Share, as).Scan(&it.ID)
	return formatError(err)
}

// SaveList stores an edited list: items keep their id (and so their answers) and take
// their new position and wording; items with id 0 are added, with the member figures
// they carry; stored items missing from items are dropped with their answers. Member
// figures of kept items never change here.
func (s *Store) SaveList(ctx context.Context, c *survey.Campaign, items []survey.ListItem) error {
	return s.editList(ctx, c, items, func(tx pgx.Tx) error {
		old, err := partyList(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		// A party answered the wording it saw: once anyone has saved an answer or a comment
		// to an item, its wording stays (it can still move or be dropped).
		rows, err := tx.Query(ctx, `SELECT DISTINCT a.item_id FROM party_answers a JOIN party_items i ON i.id = a.item_id
			WHERE i.campaign_id = $1 AND (a.answer <> '' OR a.comment <> '')`, c.ID)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		answered := map[int64]bool{}
		for _, id := range ids {
			answered[id] = true
		}
		if err := storage.CheckRewording(old, items, answered); err != nil {
			return err
		}
		keep := make([]int64, 0, len(items))
		for _, it := range items {
			keep = append(keep, it.ID)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM party_items WHERE campaign_id = $1 AND id <> ALL($2)`, c.ID, keep); err != nil {
			return err
		}
		// Positions are rewritten after a shift so that the unique demand keys never clash
		// midway; demand keys of kept items do not change.
		if _, err := tx.Exec(ctx, `UPDATE party_items SET position = position + 100000 WHERE campaign_id = $1`, c.ID); err != nil {
			return err
		}
		for i := range items {
			it := &items[i]
			if it.ID == 0 {
				if err := insertItem(ctx, tx, c, i, it); err != nil {
					return err
				}
				continue
			}
			if err := execOne(ctx, tx, storage.UnknownItem(i), `UPDATE party_items SET position = $1, title = $2, body = $3, assemblies = $4
				WHERE id = $5 AND campaign_id = $6`, i, it.Title, it.Body, strings.Join(it.Assemblies, ","), it.ID, c.ID); err != nil {
				return err
			}
		}
		return upsertSettings(ctx, tx, c.ID, `frozen_at = COALESCE(frozen_at, $2)`, storage.TimeText(s.Now()))
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// PartyList returns the frozen demand list of a campaign in its order (empty before freezing).
func (s *Store) PartyList(ctx context.Context, campaignID int64) ([]survey.ListItem, error) {
	return s.partyList(ctx, s.r, campaignID)
}

func (s *Store) partyList(ctx context.Context, q rowsQueryer, campaignID int64) ([]survey.ListItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+storage.ListCols+`
		FROM party_items WHERE campaign_id = ? ORDER BY position, id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("party list: %w", err)
	}
	defer rows.Close()
	out := []survey.ListItem{}
	for rows.Next() {
		it, err := storage.ScanListItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// FreezeList replaces the demand list put to the parties with items (figures included).
// It is refused once any party has saved answers: from then on the list is edited with
// SaveList, which keeps the answers of the items that stay.
func (s *Store) FreezeList(ctx context.Context, c *survey.Campaign, items []survey.ListItem) error {
	if len(items) == 0 {
		return partyErr(survey.EINVALID, "list_empty")
	}
	if err := survey.ValidateList(items, c); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var answered int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_answers a JOIN party_items i ON i.id = a.item_id
		WHERE i.campaign_id = ?`, c.ID).Scan(&answered); err != nil {
		return err
	}
	if answered > 0 {
		return partyErr(survey.ECONFLICT, "list_has_answers")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM party_items WHERE campaign_id = ?`, c.ID); err != nil {
		return err
	}
	for i := range items {
		items[i].ID = 0
		if err := insertItem(ctx, tx, c, i, &items[i]); err != nil {
			return err
		}
	}
	if err := s.upsertSettings(ctx, tx, c.ID, `frozen_at = ?`, timeText(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// insertItem adds an item to c's list, with the assemblies of its demand when it names none.
func insertItem(ctx context.Context, tx *sql.Tx, c *survey.Campaign, pos int, it *survey.ListItem) error {
	as := storage.ItemAssemblies(c, it)
	res, err := tx.ExecContext(ctx, `INSERT INTO party_items (campaign_id, position, demand_key, title, body, member_rank, picks, share, assemblies)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, pos, it.DemandKey, it.Title, it.Body, it.Rank, it.Picks, it.Share, as)
	if err != nil {
		return formatError(err)
	}
	it.ID, _ = res.LastInsertId()
	return nil
}

// SaveList stores an edited list: items keep their id (and so their answers) and take
// their new position and wording; items with id 0 are added, with the member figures
// they carry; stored items missing from items are dropped with their answers. Member
// figures of kept items never change here.
func (s *Store) SaveList(ctx context.Context, c *survey.Campaign, items []survey.ListItem) error {
	if len(items) == 0 {
		return partyErr(survey.EINVALID, "list_empty")
	}
	if err := survey.ValidateList(items, c); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := s.partyList(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	keep := map[int64]bool{}
	for _, it := range items {
		keep[it.ID] = true
	}
	// A party answered the wording it saw: once anyone has saved an answer or a comment to
	// an item, its wording stays (it can still move or be dropped).
	answered := map[int64]bool{}
	arows, err := tx.QueryContext(ctx, `SELECT DISTINCT a.item_id FROM party_answers a JOIN party_items i ON i.id = a.item_id
		WHERE i.campaign_id = ? AND (a.answer <> '' OR a.comment <> '')`, c.ID)
	if err != nil {
		return err
	}
	for arows.Next() {
		var id int64
		if err := arows.Scan(&id); err != nil {
			arows.Close()
			return err
		}
		answered[id] = true
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return err
	}
	if err := storage.CheckRewording(old, items, answered); err != nil {
		return err
	}
	for _, it := range old {
		if !keep[it.ID] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM party_items WHERE id = ?`, it.ID); err != nil {
				return err
			}
		}
	}
	// Positions are rewritten after a shift so that the unique demand keys never clash
	// midway; demand keys of kept items do not change.
	if _, err := tx.ExecContext(ctx, `UPDATE party_items SET position = position + 100000 WHERE campaign_id = ?`, c.ID); err != nil {
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
		res, err := tx.ExecContext(ctx, `UPDATE party_items SET position = ?, title = ?, body = ?, assemblies = ? WHERE id = ? AND campaign_id = ?`,
			i, it.Title, it.Body, strings.Join(it.Assemblies, ","), it.ID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return storage.UnknownItem(i)
		}
	}
	if err := s.upsertSettings(ctx, tx, c.ID, `frozen_at = COALESCE(frozen_at, ?)`, timeText(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

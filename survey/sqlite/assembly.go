package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// assembliesQ returns a campaign's stored assemblies in their order (none before the party
// pages were first opened or a campaign file gave them).
func assembliesQ(ctx context.Context, q rowsQueryer, campaignID int64) ([]survey.Assembly, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, key, name, level, seats FROM assemblies WHERE campaign_id = ?
		ORDER BY position, id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("assemblies: %w", err)
	}
	defer rows.Close()
	var out []survey.Assembly
	for rows.Next() {
		var a survey.Assembly
		var level string
		if err := rows.Scan(&a.ID, &a.Key, &a.Name, &level, &a.Seats); err != nil {
			return nil, err
		}
		a.Level = survey.Level(level)
		out = append(out, a)
	}
	return out, rows.Err()
}

// insertAssembly adds a as the campaign's last assembly and sets a.ID.
func insertAssembly(ctx context.Context, tx *sql.Tx, campaignID int64, a *survey.Assembly) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO assemblies (campaign_id, position, key, name, level, seats)
		VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM assemblies WHERE campaign_id = ?), ?, ?, ?, ?)`,
		campaignID, campaignID, a.Key, a.Name, string(a.Level), a.Seats)
	if err != nil {
		return err
	}
	a.ID, _ = res.LastInsertId()
	return nil
}

// SaveParties stores one assembly and all its parties from one form, in one transaction:
// a.ID 0 adds the assembly (its key must be free in the campaign), else its name, level
// and seats are updated (its key stays: demands name it). The assembly's parties as they
// will be after the save are validated against it first (field paths "parties[i]..." in
// the order given), so nothing is half saved. Parties of other assemblies are untouched.
func (s *Store) SaveParties(ctx context.Context, campaignID int64, a survey.Assembly, parties []survey.Party, remove []int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := survey.ValidateParties(parties, a); err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.upsertSettings(ctx, tx, campaignID, `campaign_id = campaign_id`); err != nil {
		return err
	}
	as, err := assembliesQ(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if a.ID == 0 {
		for _, o := range as {
			if o.Key == a.Key {
				return storage.DuplicateAssemblyKey(a.Key)
			}
		}
		if err := insertAssembly(ctx, tx, campaignID, &a); err != nil {
			return formatError(err)
		}
	} else {
		if _, ok := survey.AssemblyByID(as, a.ID); !ok {
			return partyErr(survey.ENOTFOUND, "assembly_not_found")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assemblies SET name = ?, level = ?, seats = ? WHERE id = ? AND campaign_id = ?`,
			a.Name, string(a.Level), a.Seats, a.ID, campaignID); err != nil {
			return err
		}
	}
	if err := s.saveAssemblyParties(ctx, tx, campaignID, a.ID, parties, remove); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save parties: %w", err)
	}
	return nil
}

// saveAssemblyParties writes the parties of one assembly: those with an ID are updated
// (they must be of that assembly), those without are added, remove are deleted (refused
// for a party with saved answers), and every stored party must be kept or removed.
func (s *Store) saveAssemblyParties(ctx context.Context, tx *sql.Tx, campaignID, assemblyID int64, parties []survey.Party, remove []int64) error {
	all, err := s.partiesTx(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if err := storage.CheckPartySet(all, assemblyID, parties, remove); err != nil {
		return err
	}
	for _, id := range remove {
		if _, err := tx.ExecContext(ctx, `DELETE FROM parties WHERE id = ?`, id); err != nil {
			return err
		}
	}
	// Short names are unique per assembly: park the kept ones first so that two parties
	// can swap names in one save.
	if _, err := tx.ExecContext(ctx, `UPDATE parties SET short = '#' || id WHERE assembly_id = ?`, assemblyID); err != nil {
		return err
	}
	for i := range parties {
		p := &parties[i]
		if p.ID == 0 {
			if err := insertParty(ctx, tx, campaignID, assemblyID, i, p); err != nil {
				return formatError(err)
			}
			continue
		}
		p.AssemblyID = assemblyID
		if _, err := tx.ExecContext(ctx, `UPDATE parties SET position = ?, short = ?, name = ?, colour = ?, seats = ?, refused = ?
			WHERE id = ? AND assembly_id = ?`, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, assemblyID); err != nil {
			return formatError(err)
		}
	}
	return nil
}

// DeleteAssembly removes an assembly with its parties and their links. It is refused when
// one of its parties has saved answers, and for the campaign's last assembly.
func (s *Store) DeleteAssembly(ctx context.Context, campaignID, assemblyID int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	as, err := assembliesQ(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if _, ok := survey.AssemblyByID(as, assemblyID); !ok {
		return partyErr(survey.ENOTFOUND, "assembly_not_found")
	}
	if len(as) == 1 {
		return partyErr(survey.ECONFLICT, "last_assembly")
	}
	var answered int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM parties WHERE assembly_id = ? AND saved_at IS NOT NULL`,
		assemblyID).Scan(&answered); err != nil {
		return err
	}
	if answered > 0 {
		return storage.AssemblyHasAnswers("")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM assemblies WHERE id = ? AND campaign_id = ?`, assemblyID, campaignID); err != nil {
		return err
	}
	return tx.Commit()
}

// replaceAssemblies makes a campaign's assemblies and parties those of its campaign file
// (as, already validated), inside tx. Assemblies and parties are matched by key, so a
// party that keeps its key keeps its answers, links and follow-ups; those left out of
// the file are removed, which is refused for a party with saved answers (the field path
// names the assembly). Order follows the file.
func (s *Store) replaceAssemblies(ctx context.Context, tx *sql.Tx, campaignID int64, as []survey.Assembly) error {
	if err := s.upsertSettings(ctx, tx, campaignID, `campaign_id = campaign_id`); err != nil {
		return err
	}
	old, err := assembliesQ(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	rows, err := s.partiesTx(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	byKey := map[string]survey.Assembly{}
	for _, a := range old {
		byKey[a.Key] = a
	}
	keep := map[int64]bool{}
	for _, a := range as {
		if o, ok := byKey[a.Key]; ok {
			keep[o.ID] = true
		}
	}
	for _, o := range old {
		if keep[o.ID] {
			continue
		}
		for _, r := range rows {
			if r.AssemblyID == o.ID && r.Status.SavedAt != nil {
				return storage.AssemblyHasAnswers("assemblies")
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM assemblies WHERE id = ?`, o.ID); err != nil {
			return err
		}
	}
	// Park positions so that the file's order can be written without clashes.
	if _, err := tx.ExecContext(ctx, `UPDATE assemblies SET position = position + 100000 WHERE campaign_id = ?`, campaignID); err != nil {
		return err
	}
	for i, a := range as {
		id := byKey[a.Key].ID
		if keep[id] {
			if _, err := tx.ExecContext(ctx, `UPDATE assemblies SET position = ?, name = ?, level = ?, seats = ? WHERE id = ?`,
				i, a.Name, string(a.Level), a.Seats, id); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `INSERT INTO assemblies (campaign_id, position, key, name, level, seats) VALUES (?, ?, ?, ?, ?, ?)`,
				campaignID, i, a.Key, a.Name, string(a.Level), a.Seats)
			if err != nil {
				return formatError(err)
			}
			id, _ = res.LastInsertId()
		}
		var stored []survey.PartyRow
		for _, r := range rows {
			if r.AssemblyID == id {
				stored = append(stored, r)
			}
		}
		ps, remove, err := storage.FileParties(i, a.Parties, stored)
		if err != nil {
			return err
		}
		if err := s.saveAssemblyParties(ctx, tx, campaignID, id, ps, remove); err != nil {
			return err
		}
	}
	return nil
}

// saveAssemblies stores the assemblies of an edited campaign c (stored as campaignID)
// when its file gives them; when it gives none, the stored ones stay and its demands may
// name only those (or the default assembly's key when none is stored).
func (s *Store) saveAssemblies(ctx context.Context, tx *sql.Tx, campaignID int64, c *survey.Campaign) error {
	if len(c.Assemblies) > 0 {
		return s.replaceAssemblies(ctx, tx, campaignID, c.Assemblies)
	}
	known, err := assembliesQ(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if len(known) == 0 {
		known = []survey.Assembly{survey.DefaultAssembly()}
	}
	return survey.UnknownAssemblies(c, known)
}

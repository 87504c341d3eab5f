package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Assemblies (issue 15 part 1), as survey/sqlite/assembly.go: a campaign's councils and
// parliaments, each with its own parties. Writers take the campaign's party lock.

// scanAssembly scans id, key, name, level, seats.
func scanAssembly(sc storage.Scanner) (survey.Assembly, error) {
	var a survey.Assembly
	var level string
	err := sc.Scan(&a.ID, &a.Key, &a.Name, &level, &a.Seats)
	a.Level = survey.Level(level)
	return a, err
}

// assemblies returns a campaign's stored assemblies in their order.
func assemblies(ctx context.Context, q queryer, campaignID int64) ([]survey.Assembly, error) {
	as, err := collect(ctx, q, scanAssembly, `SELECT id, key, name, level, seats FROM assemblies WHERE campaign_id = $1
		ORDER BY position, id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("assemblies: %w", err)
	}
	return as, nil
}

// insertAssembly adds a as the campaign's last assembly and sets a.ID.
func insertAssembly(ctx context.Context, tx pgx.Tx, campaignID int64, a *survey.Assembly) error {
	return tx.QueryRow(ctx, `INSERT INTO assemblies (campaign_id, position, key, name, level, seats)
		VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM assemblies WHERE campaign_id = $1), $2, $3, $4, $5) RETURNING id`,
		campaignID, a.Key, a.Name, string(a.Level), a.Seats).Scan(&a.ID)
}

// insertParty adds p to assembly assemblyID at position pos and sets p.ID.
func insertParty(ctx context.Context, tx pgx.Tx, campaignID, assemblyID int64, pos int, p *survey.Party) error {
	p.AssemblyID = assemblyID
	return tx.QueryRow(ctx, `INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour, seats, refused)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, campaignID, assemblyID, pos, p.Short, p.Name, p.Colour, p.Seats, p.Refused).Scan(&p.ID)
}

// SaveParties stores one assembly and all its parties from one form, in one transaction:
// a.ID 0 adds the assembly (its key must be free in the campaign), else its name, level
// and seats are updated (its key stays: demands name it). The assembly's parties as they
// will be after the save are validated against it first, so nothing is half saved.
func (s *Store) SaveParties(ctx context.Context, campaignID int64, a survey.Assembly, list []survey.Party, remove []int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if err := survey.ValidateParties(list, a); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		if err := upsertSettings(ctx, tx, campaignID, `campaign_id = $1`); err != nil {
			return err
		}
		as, err := assemblies(ctx, tx, campaignID)
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
				return storage.PartyErr(survey.ENOTFOUND, "assembly_not_found")
			}
			if _, err := tx.Exec(ctx, `UPDATE assemblies SET name = $1, level = $2, seats = $3 WHERE id = $4 AND campaign_id = $5`,
				a.Name, string(a.Level), a.Seats, a.ID, campaignID); err != nil {
				return err
			}
		}
		return saveAssemblyParties(ctx, tx, campaignID, a.ID, list, remove)
	})
}

// saveAssemblyParties writes the parties of one assembly (storage.CheckPartySet first).
func saveAssemblyParties(ctx context.Context, tx pgx.Tx, campaignID, assemblyID int64, list []survey.Party, remove []int64) error {
	stored, err := parties(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if err := storage.CheckPartySet(stored, assemblyID, list, remove); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM parties WHERE assembly_id = $1 AND id = ANY($2)`, assemblyID, remove); err != nil {
		return err
	}
	// Short names are unique per assembly: park the kept ones first so that two parties
	// can swap names in one save.
	if _, err := tx.Exec(ctx, `UPDATE parties SET short = '#' || id WHERE assembly_id = $1`, assemblyID); err != nil {
		return err
	}
	for i := range list {
		p := &list[i]
		if p.ID == 0 {
			if err := insertParty(ctx, tx, campaignID, assemblyID, i, p); err != nil {
				return formatError(err)
			}
			continue
		}
		p.AssemblyID = assemblyID
		if _, err := tx.Exec(ctx, `UPDATE parties SET position = $1, short = $2, name = $3, colour = $4, seats = $5, refused = $6
			WHERE id = $7 AND assembly_id = $8`, i, p.Short, p.Name, p.Colour, p.Seats, p.Refused, p.ID, assemblyID); err != nil {
			return formatError(err)
		}
	}
	return nil
}

// DeleteAssembly removes an assembly with its parties and their links. It is refused when
// one of its parties has saved answers, and for the campaign's last assembly.
func (s *Store) DeleteAssembly(ctx context.Context, campaignID, assemblyID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		as, err := assemblies(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		if _, ok := survey.AssemblyByID(as, assemblyID); !ok {
			return storage.PartyErr(survey.ENOTFOUND, "assembly_not_found")
		}
		if len(as) == 1 {
			return storage.PartyErr(survey.ECONFLICT, "last_assembly")
		}
		var answered bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM parties WHERE assembly_id = $1 AND saved_at IS NOT NULL)`,
			assemblyID).Scan(&answered); err != nil {
			return err
		}
		if answered {
			return storage.AssemblyHasAnswers("")
		}
		_, err = tx.Exec(ctx, `DELETE FROM assemblies WHERE id = $1 AND campaign_id = $2`, assemblyID, campaignID)
		return err
	})
}

// replaceAssemblies makes a campaign's assemblies and parties those of its campaign file
// (as, already validated), inside tx, as the SQLite store's: matched by key, so a party
// that keeps its key keeps its answers and links; those left out are removed, which is
// refused for a party with saved answers. CreateCampaign and SaveCampaign call it (through
// saveAssemblies) when the file gives assemblies.
func replaceAssemblies(ctx context.Context, tx pgx.Tx, campaignID int64, as []survey.Assembly) error {
	if err := lockParties(ctx, tx, campaignID); err != nil {
		return err
	}
	if err := upsertSettings(ctx, tx, campaignID, `campaign_id = $1`); err != nil {
		return err
	}
	old, err := assemblies(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	rows, err := parties(ctx, tx, campaignID)
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
		if _, err := tx.Exec(ctx, `DELETE FROM assemblies WHERE id = $1`, o.ID); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE assemblies SET position = position + 100000 WHERE campaign_id = $1`, campaignID); err != nil {
		return err
	}
	for i, a := range as {
		id := byKey[a.Key].ID
		if keep[id] {
			if _, err := tx.Exec(ctx, `UPDATE assemblies SET position = $1, name = $2, level = $3, seats = $4 WHERE id = $5`,
				i, a.Name, string(a.Level), a.Seats, id); err != nil {
				return err
			}
		} else if err := tx.QueryRow(ctx, `INSERT INTO assemblies (campaign_id, position, key, name, level, seats)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, campaignID, i, a.Key, a.Name, string(a.Level), a.Seats).Scan(&id); err != nil {
			return formatError(err)
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
		if err := saveAssemblyParties(ctx, tx, campaignID, id, ps, remove); err != nil {
			return err
		}
	}
	return nil
}

// saveAssemblies stores the assemblies of a campaign c (stored as campaignID) being
// created or saved, when its file gives them; when it gives none, the stored ones stay and
// its demands may name only those (or the default assembly's key when none is stored).
func saveAssemblies(ctx context.Context, tx pgx.Tx, campaignID int64, c *survey.Campaign) error {
	if len(c.Assemblies) > 0 {
		return replaceAssemblies(ctx, tx, campaignID, c.Assemblies)
	}
	known, err := assemblies(ctx, tx, campaignID)
	if err != nil {
		return err
	}
	if len(known) == 0 {
		known = []survey.Assembly{survey.DefaultAssembly()}
	}
	return survey.UnknownAssemblies(c, known)
}

package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// MarkPartyOpened records the first time a party opened its answer link.
func (s *Store) MarkPartyOpened(ctx context.Context, partyID int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE parties SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL`, storage.TimeText(s.Now()), partyID)
	return err
}

// PartyAnswers returns a party's saved answers (drafts included) keyed by item id.
func (s *Store) PartyAnswers(ctx context.Context, partyID int64) (map[int64]survey.Answer, error) {
	as, err := collect(ctx, s.pool, storage.ScanAnswer, `SELECT item_id, answer, comment FROM party_answers WHERE party_id = $1`, partyID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]survey.Answer, len(as))
	for _, a := range as {
		out[a.ItemID] = a
	}
	return out, nil
}

// SavePartyAnswers stores a party's answers as a draft, or submits them (submit) which
// locks them. version is the version the representative's form was loaded with: when
// another save came in between, the save is refused with ECONFLICT "stale_answers" rather
// than overwriting it. Submitted answers are locked ("answers_locked") until the organiser
// reopens them. It returns the new version. The campaign's party lock and the party's row
// are held while the version is checked and the answers written, so a save on another
// instance, a reopening or a change of the list waits for this one.
func (s *Store) SavePartyAnswers(ctx context.Context, partyID int64, version int, answers []survey.Answer, submit bool) (int, error) {
	survey.NormalizeAnswers(answers)
	var current int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var (
			campaignID int64
			submitted  *string
			assembly   string
		)
		if err := tx.QueryRow(ctx, `SELECT p.campaign_id, a.key FROM parties p JOIN assemblies a ON a.id = p.assembly_id
			WHERE p.id = $1`, partyID).Scan(&campaignID, &assembly); err != nil {
			return formatError(err)
		}
		if err := lockParties(ctx, tx, campaignID); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT version, submitted_at FROM parties WHERE id = $1 FOR UPDATE`, partyID).
			Scan(&current, &submitted); err != nil {
			return formatError(err)
		}
		if submitted != nil {
			return storage.PartyErr(survey.ECONFLICT, "answers_locked")
		}
		if current != version {
			return storage.PartyErr(survey.ECONFLICT, "stale_answers")
		}
		// A party answers the items put to its own assembly.
		all, err := partyList(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		items := survey.ItemsFor(all, assembly)
		if len(items) == 0 { // an empty form must never lock a party out
			return storage.PartyErr(survey.ECONFLICT, "list_not_frozen")
		}
		if err := survey.ValidateAnswers(items, answers, submit); err != nil {
			return err
		}
		for _, a := range answers {
			// The district's assessment stays unless the answer itself changed.
			if _, err := tx.Exec(ctx, `INSERT INTO party_answers (party_id, item_id, answer, comment) VALUES ($1, $2, $3, $4)
				ON CONFLICT (party_id, item_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
				assessment = CASE WHEN party_answers.answer = excluded.answer AND party_answers.comment = excluded.comment
					THEN party_answers.assessment ELSE '' END`,
				partyID, a.ItemID, string(a.Value), a.Comment); err != nil {
				return fmt.Errorf("save answers: %w", err)
			}
		}
		now := storage.TimeText(s.Now())
		var submittedAt *string // NULL keeps a draft
		if submit {
			submittedAt = &now
		}
		_, err = tx.Exec(ctx, `UPDATE parties SET version = version + 1, saved_at = $1, opened_at = COALESCE(opened_at, $1),
			submitted_at = $2 WHERE id = $3`, now, submittedAt, partyID)
		return err
	})
	if err != nil {
		return 0, err
	}
	return current + 1, nil
}

// ReopenParty unlocks a party's submitted answers so that it can change them. It bumps the
// version, so a form loaded before the reopening must be reloaded.
func (s *Store) ReopenParty(ctx context.Context, campaignID, partyID int64) error {
	return execOne(ctx, s.pool, storage.PartyErr(survey.ENOTFOUND, "party_not_found"),
		`UPDATE parties SET submitted_at = NULL, version = version + 1 WHERE id = $1 AND campaign_id = $2`, partyID, campaignID)
}

// SetAssessment records the district's assessment of one party's answer to one item;
// survey.AssessNone goes back to the default reading of the answer.
func (s *Store) SetAssessment(ctx context.Context, campaignID, partyID, itemID int64, a survey.Assessment) error {
	if err := storage.CheckAssessment(a); err != nil {
		return err
	}
	return execOne(ctx, s.pool, storage.PartyErr(survey.ENOTFOUND, "party_not_found"),
		`UPDATE party_answers SET assessment = $1 WHERE party_id = $2 AND item_id = $3
		AND party_id IN (SELECT id FROM parties WHERE campaign_id = $4)`, string(a), partyID, itemID, campaignID)
}

// PartyMatrices builds one matrix of demands × parties per assembly from the submitted
// answers. Drafts never show in them. Everything is read in one REPEATABLE READ
// transaction, so that a party submitting meanwhile shows with all its answers or not at all.
func (s *Store) PartyMatrices(ctx context.Context, campaignID int64) ([]*survey.Matrix, error) {
	var m []*survey.Matrix
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		set, err := partySettings(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		rows, err := parties(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		items, err := partyList(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		in := storage.NewMatrixInput(rows, items)
		q, err := tx.Query(ctx, `SELECT a.party_id, a.item_id, a.answer, a.comment, a.assessment
			FROM party_answers a JOIN parties p ON p.id = a.party_id WHERE p.campaign_id = $1 AND p.submitted_at IS NOT NULL`, campaignID)
		if err != nil {
			return err
		}
		defer q.Close()
		for q.Next() {
			if err := storage.AddMatrixAnswer(in, q); err != nil {
				return err
			}
		}
		if err := q.Err(); err != nil {
			return err
		}
		m = survey.BuildMatrices(set.Assemblies, *in)
		return nil
	})
	return m, err
}

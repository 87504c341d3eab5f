package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// MarkPartyOpened records the first time a party opened its answer link.
func (s *Store) MarkPartyOpened(ctx context.Context, partyID int64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE parties SET opened_at = ? WHERE id = ? AND opened_at IS NULL`, timeText(s.Now()), partyID)
	return err
}

// PartyAnswers returns a party's saved answers (drafts included) keyed by item id.
func (s *Store) PartyAnswers(ctx context.Context, partyID int64) (map[int64]survey.Answer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT item_id, answer, comment FROM party_answers WHERE party_id = ?`, partyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]survey.Answer{}
	for rows.Next() {
		a, err := storage.ScanAnswer(rows)
		if err != nil {
			return nil, err
		}
		out[a.ItemID] = a
	}
	return out, rows.Err()
}

// SavePartyAnswers stores a party's answers as a draft, or submits them (submit) which
// locks them. version is the version the representative's form was loaded with: when
// another save came in between, the save is refused with ECONFLICT "stale_answers" rather
// than overwriting it. Submitted answers are locked ("answers_locked") until the organiser
// reopens them. It returns the new version.
func (s *Store) SavePartyAnswers(ctx context.Context, partyID int64, version int, answers []survey.Answer, submit bool) (int, error) {
	survey.NormalizeAnswers(answers)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var (
		campaignID int64
		current    int
		submitted  sql.NullString
		assembly   string
	)
	if err := tx.QueryRowContext(ctx, `SELECT p.campaign_id, p.version, p.submitted_at, a.key
		FROM parties p JOIN assemblies a ON a.id = p.assembly_id WHERE p.id = ?`, partyID).
		Scan(&campaignID, &current, &submitted, &assembly); err != nil {
		return 0, formatError(err)
	}
	if submitted.Valid {
		return 0, partyErr(survey.ECONFLICT, "answers_locked")
	}
	if current != version {
		return 0, partyErr(survey.ECONFLICT, "stale_answers")
	}
	// A party answers the items put to its own assembly.
	all, err := s.partyList(ctx, tx, campaignID)
	if err != nil {
		return 0, err
	}
	items := survey.ItemsFor(all, assembly)
	if len(items) == 0 { // an empty form must never lock a party out
		return 0, partyErr(survey.ECONFLICT, "list_not_frozen")
	}
	if err := survey.ValidateAnswers(items, answers, submit); err != nil {
		return 0, err
	}
	for _, a := range answers {
		// The district's assessment stays unless the answer itself changed.
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_answers (party_id, item_id, answer, comment) VALUES (?, ?, ?, ?)
			ON CONFLICT (party_id, item_id) DO UPDATE SET answer = excluded.answer, comment = excluded.comment,
			assessment = CASE WHEN party_answers.answer = excluded.answer AND party_answers.comment = excluded.comment
				THEN party_answers.assessment ELSE '' END`,
			partyID, a.ItemID, string(a.Value), a.Comment); err != nil {
			return 0, fmt.Errorf("save answers: %w", err)
		}
	}
	now := timeText(s.Now())
	var submittedAt any // NULL keeps a draft
	if submit {
		submittedAt = now
	}
	if _, err := tx.ExecContext(ctx, `UPDATE parties SET version = version + 1, saved_at = ?, opened_at = COALESCE(opened_at, ?),
		submitted_at = ? WHERE id = ?`, now, now, submittedAt, partyID); err != nil {
		return 0, err
	}
	return current + 1, tx.Commit()
}

// ReopenParty unlocks a party's submitted answers so that it can change them. It bumps the
// version, so a form loaded before the reopening must be reloaded.
func (s *Store) ReopenParty(ctx context.Context, campaignID, partyID int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE parties SET submitted_at = NULL, version = version + 1
		WHERE id = ? AND campaign_id = ?`, partyID, campaignID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return partyErr(survey.ENOTFOUND, "party_not_found")
	}
	return nil
}

// SetAssessment records the district's assessment of one party's answer to one item;
// survey.AssessNone goes back to the default reading of the answer.
func (s *Store) SetAssessment(ctx context.Context, campaignID, partyID, itemID int64, a survey.Assessment) error {
	if err := storage.CheckAssessment(a); err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE party_answers SET assessment = ? WHERE party_id = ? AND item_id = ?
		AND party_id IN (SELECT id FROM parties WHERE campaign_id = ?)`, string(a), partyID, itemID, campaignID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return partyErr(survey.ENOTFOUND, "party_not_found")
	}
	return nil
}

// PartyMatrices builds one matrix of demands × parties per assembly from the submitted
// answers. Drafts never show in them.
func (s *Store) PartyMatrices(ctx context.Context, campaignID int64) ([]*survey.Matrix, error) {
	set, err := s.PartySettings(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	rows, err := s.Parties(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	items, err := s.PartyList(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	in := storage.NewMatrixInput(rows, items)
	q, err := s.r.QueryContext(ctx, `SELECT a.party_id, a.item_id, a.answer, a.comment, a.assessment
		FROM party_answers a JOIN parties p ON p.id = a.party_id WHERE p.campaign_id = ? AND p.submitted_at IS NOT NULL`, campaignID)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	for q.Next() {
		if err := storage.AddMatrixAnswer(in, q); err != nil {
			return nil, err
		}
	}
	if err := q.Err(); err != nil {
		return nil, err
	}
	return survey.BuildMatrices(set.Assemblies, *in), nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// PartyLink is an answer link as the organiser sees it. The token is never stored.
type PartyLink = survey.PartyLink

// PartyAccess is what a valid token opens: one party of one campaign.
type PartyAccess = survey.PartyAccess

// errNoLink is the one error every bad token gets, so that nothing tells a wrong token
// from a revoked or an expired one.
var errNoLink = storage.ErrNoLink

// CreatePartyLink makes a new answer link for a party, valid until expires, and returns its
// token; only the token's SHA-256 is stored, so it cannot be shown again.
func (s *Store) CreatePartyLink(ctx context.Context, campaignID, partyID int64, expires time.Time) (string, error) {
	p, err := s.Party(ctx, campaignID, partyID)
	if err != nil {
		return "", err
	}
	// A link to an empty list would open an empty form that a party could submit and be
	// locked out by: links exist only once the list put to the party's assembly is frozen.
	var key string
	if err := s.r.QueryRowContext(ctx, `SELECT key FROM assemblies WHERE id = ?`, p.AssemblyID).Scan(&key); err != nil {
		return "", err
	}
	all, err := s.PartyList(ctx, campaignID)
	if err != nil {
		return "", err
	}
	if err := storage.CheckItemsFor(all, key); err != nil {
		return "", err
	}
	token, hash, err := storage.NewToken()
	if err != nil {
		return "", err
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO party_links (party_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		partyID, hash, timeText(s.Now()), timeText(expires)); err != nil {
		return "", fmt.Errorf("create party link: %w", err)
	}
	return token, nil
}

// PartyLinks returns every answer link of a campaign's parties, newest first.
func (s *Store) PartyLinks(ctx context.Context, campaignID int64) ([]PartyLink, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT l.id, l.party_id, l.created_at, l.expires_at, l.revoked_at
		FROM party_links l JOIN parties p ON p.id = l.party_id WHERE p.campaign_id = ? ORDER BY l.id DESC`, campaignID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PartyLink
	for rows.Next() {
		l, err := storage.ScanPartyLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RevokePartyLink turns a link off for good.
func (s *Store) RevokePartyLink(ctx context.Context, campaignID, linkID int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE party_links SET revoked_at = COALESCE(revoked_at, ?)
		WHERE id = ? AND party_id IN (SELECT id FROM parties WHERE campaign_id = ?)`, timeText(s.Now()), linkID, campaignID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNoLink
	}
	return nil
}

// PartyByToken returns what an answer link opens. A token that is wrong, revoked or past its
// deadline gives the same ENOTFOUND. The lookup goes by the token's hash, so the database
// never compares secrets, and the hashes are compared once more in constant time.
func (s *Store) PartyByToken(ctx context.Context, token string) (*PartyAccess, error) {
	if !storage.TokenShaped(token) {
		return nil, errNoLink
	}
	h := storage.HashToken(token)
	var (
		a       PartyAccess
		stored  []byte
		expires string
		revoked *string
	)
	err := s.r.QueryRowContext(ctx, `SELECT l.id, l.token_hash, l.expires_at, l.revoked_at, p.campaign_id, c.slug
		FROM party_links l JOIN parties p ON p.id = l.party_id JOIN campaigns c ON c.id = p.campaign_id
		WHERE l.token_hash = ?`, h).Scan(&a.LinkID, &stored, &expires, &revoked, &a.CampaignID, &a.Slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoLink
	} else if err != nil {
		return nil, err
	}
	if a.ExpiresAt, err = storage.LinkOpens(stored, h, revoked, expires, s.Now()); err != nil {
		return nil, err
	}
	p, err := scanParty(s.r.QueryRowContext(ctx, `SELECT `+partyCols+` FROM parties WHERE id = (SELECT party_id FROM party_links WHERE id = ?)`, a.LinkID))
	if err != nil {
		return nil, err
	}
	a.Party = p
	return &a, nil
}

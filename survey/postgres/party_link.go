package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

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
	if err := s.pool.QueryRow(ctx, `SELECT key FROM assemblies WHERE id = $1`, p.AssemblyID).Scan(&key); err != nil {
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
	if _, err := s.pool.Exec(ctx, `INSERT INTO party_links (party_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		partyID, hash, storage.TimeText(s.Now()), storage.TimeText(expires)); err != nil {
		return "", fmt.Errorf("create party link: %w", err)
	}
	return token, nil
}

// PartyLinks returns every answer link of a campaign's parties, newest first.
func (s *Store) PartyLinks(ctx context.Context, campaignID int64) ([]survey.PartyLink, error) {
	return collect(ctx, s.pool, storage.ScanPartyLink, `SELECT l.id, l.party_id, l.created_at, l.expires_at, l.revoked_at
		FROM party_links l JOIN parties p ON p.id = l.party_id WHERE p.campaign_id = $1 ORDER BY l.id DESC`, campaignID)
}

// RevokePartyLink turns a link off for good.
func (s *Store) RevokePartyLink(ctx context.Context, campaignID, linkID int64) error {
	return execOne(ctx, s.pool, storage.ErrNoLink, `UPDATE party_links SET revoked_at = COALESCE(revoked_at, $1)
		WHERE id = $2 AND party_id IN (SELECT id FROM parties WHERE campaign_id = $3)`, storage.TimeText(s.Now()), linkID, campaignID)
}

// PartyByToken returns what an answer link opens. A token that is wrong, revoked or past its
// deadline gives the same ENOTFOUND. The lookup goes by the token's hash, so the database
// never compares secrets, and the hashes are compared once more in constant time.
func (s *Store) PartyByToken(ctx context.Context, token string) (*survey.PartyAccess, error) {
	if !storage.TokenShaped(token) {
		return nil, storage.ErrNoLink
	}
	h := storage.HashToken(token)
	var (
		a       survey.PartyAccess
		stored  []byte
		expires string
		revoked *string
	)
	err := s.pool.QueryRow(ctx, `SELECT l.id, l.token_hash, l.expires_at, l.revoked_at, p.campaign_id, c.slug
		FROM party_links l JOIN parties p ON p.id = l.party_id JOIN campaigns c ON c.id = p.campaign_id
		WHERE l.token_hash = $1`, h).Scan(&a.LinkID, &stored, &expires, &revoked, &a.CampaignID, &a.Slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.ErrNoLink
	} else if err != nil {
		return nil, err
	}
	if a.ExpiresAt, err = storage.LinkOpens(stored, h, revoked, expires, s.Now()); err != nil {
		return nil, err
	}
	p, err := storage.ScanParty(s.pool.QueryRow(ctx, `SELECT `+storage.PartyCols+` FROM parties WHERE id = (SELECT party_id FROM party_links WHERE id = $1)`, a.LinkID))
	if err != nil {
		return nil, err
	}
	a.Party = p
	return &a, nil
}

package web

import (
	"context"
	"sync"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// maxBurnedIDs bounds the memory of replayGuard (about 5 MB at most).
const maxBurnedIDs = 100_000

// replayGuard stands in front of the store's Submit for the member form and the JSON API.
// A resend of a stored response id with the same ballot is a retry (200) and with another
// ballot a conflict (409), as the API documents. Left alone, that lets anyone who learns an
// id test guessed ballots against it, one request per guess. After the first conflict the
// guard answers 409 for that id whatever is sent, so an id yields at most one guess; an
// honest retry never sees a conflict, since it resends the same ballot. The burned ids
// live in memory only (bounded, per process): they say nothing about what was answered.
type replayGuard struct {
	survey.Store
	mu     sync.Mutex
	burned map[burnedID]struct{}
}

type burnedID struct {
	campaign int64
	id       uuid.UUID
}

func newReplayGuard(st survey.Store) *replayGuard {
	return &replayGuard{Store: st, burned: map[burnedID]struct{}{}}
}

// Submit stores r unless its id has already answered a conflict.
func (g *replayGuard) Submit(ctx context.Context, campaignID int64, r *survey.Response) (survey.Outcome, error) {
	key := burnedID{campaignID, r.ID}
	g.mu.Lock()
	_, burned := g.burned[key]
	g.mu.Unlock()
	if burned {
		return 0, idConflict()
	}
	out, err := g.Store.Submit(ctx, campaignID, r)
	if survey.ErrorCode(err) == survey.ECONFLICT {
		g.burn(key)
	}
	return out, err
}

// SubmitProposal stores p unless its id has already answered a conflict, as Submit does
// for responses.
func (g *replayGuard) SubmitProposal(ctx context.Context, campaignID int64, p *survey.Proposal) (survey.Outcome, error) {
	key := burnedID{campaignID, p.ID}
	g.mu.Lock()
	_, burned := g.burned[key]
	g.mu.Unlock()
	if burned {
		return 0, survey.ProposalIDConflict()
	}
	out, err := g.Store.SubmitProposal(ctx, campaignID, p)
	if survey.ErrorCode(err) == survey.ECONFLICT {
		g.burn(key)
	}
	return out, err
}

// burn makes every later submission with the id a conflict.
func (g *replayGuard) burn(key burnedID) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.burned) >= maxBurnedIDs {
		for k := range g.burned { // map order is random: drop any one
			delete(g.burned, k)
			break
		}
	}
	g.burned[key] = struct{}{}
}

// idConflict is the error the store gives for another ballot under a stored id.
func idConflict() error {
	return &survey.Error{Code: survey.ECONFLICT, Key: "id_conflict",
		Message: "ett annat svar med samma id finns redan", Fields: []survey.FieldError{{Field: "id", Code: "id_conflict"}}}
}

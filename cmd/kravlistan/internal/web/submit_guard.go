package web

import (
	"context"
	"strconv"
	"sync"
	"time"

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
// live in memory (bounded, per process): they say nothing about what was answered. When
// several instances share the store, a conflict also burns the id in the store's counters
// (shared) and a replay that would be answered 200 is first checked there, so that sending
// each guess to another instance gains nothing; new ids, nearly every submission, never
// ask. A shared burn lasts until throttleForget after the last try on the id.
type replayGuard struct {
	survey.Store
	shared counters // nil: one process
	now    func() time.Time
	mu     sync.Mutex
	burned map[burnedID]struct{}
}

type burnedID struct {
	campaign int64
	id       uuid.UUID
}

func newReplayGuard(st survey.Store, c counters, now func() time.Time) *replayGuard {
	g := &replayGuard{Store: st, now: now, burned: map[burnedID]struct{}{}}
	if _, ok := c.(*storeCounters); ok {
		g.shared = c
	}
	return g
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
	if err := g.after(ctx, key, out, err); err != nil {
		return 0, err
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
	if err := g.after(ctx, key, out, err); err != nil {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return 0, survey.ProposalIDConflict()
		}
		return 0, err
	}
	return out, err
}

// after burns the id of a conflict, and answers a conflict for a replay of an id another
// instance burned (shared store). It returns nil to let the store's answer stand.
func (g *replayGuard) after(ctx context.Context, key burnedID, out survey.Outcome, err error) error {
	conflict := survey.ErrorCode(err) == survey.ECONFLICT
	if conflict {
		g.burn(key)
	}
	if g.shared == nil || !(conflict || (err == nil && out == survey.Replayed)) {
		return nil
	}
	// The hour is enough to tell when to forget it: keep no exact time with an id.
	at := g.now().Truncate(time.Hour)
	var burned bool
	uerr := g.shared.update(ctx, []string{key.shared()}, func(cs []survey.Counter) {
		burned = !cs[0].At.IsZero()
		if burned || conflict {
			cs[0] = survey.Counter{N: 1, At: at}
		}
	})
	switch {
	case uerr != nil:
		return uerr
	case burned && !conflict:
		g.burn(key)
		return idConflict()
	}
	return nil
}

// shared is the id's key in the shared counters.
func (k burnedID) shared() string {
	return "burned\x00" + strconv.FormatInt(k.campaign, 10) + "\x00" + k.id.String()
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

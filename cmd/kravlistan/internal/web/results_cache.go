package web

import (
	"context"
	"reflect"
	"sync"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
)

// resultsTTL is how long counted results are served without asking the database whether
// the number of responses has changed.
const resultsTTL = time.Minute

// resultsCache keeps the counted results of each campaign, so that a popular results page
// does not recount every ballot per request. An entry is used while the campaign is
// unchanged and
//   - for a closed campaign: until resultsTTL has passed, then for another resultsTTL each
//     time a COUNT(*) shows the same number of responses (closed campaigns take no
//     answers, so in practice they are counted once);
//   - otherwise (the organiser's preview of an open campaign): while the number of
//     responses, checked on every request, is unchanged and for at most resultsTTL.
//
// Concurrent requests for a stale entry wait for a single count.
type resultsCache struct {
	st  survey.Store
	ttl time.Duration
	now func() time.Time
	// count is how the campaign's ballots are counted; tests swap it to see recounts.
	count func(ctx context.Context, c *survey.Campaign) (*report.Results, error)

	mu sync.Mutex
	m  map[int64]*resultsEntry
}

type resultsEntry struct {
	slug    string
	mu      sync.Mutex // held while checking and counting
	snap    *resultsSnap
	checked time.Time
}

// resultsSnap is one counting of a campaign and the bytes made from it (pages per language
// and length, the JSON document), made once each on first use.
type resultsSnap struct {
	camp    *survey.Campaign
	res     *report.Results
	counted time.Time

	mu    sync.Mutex
	bytes map[string][]byte
}

func newResultsCache(st survey.Store, now func() time.Time) *resultsCache {
	rc := &resultsCache{st: st, ttl: resultsTTL, now: time.Now, m: map[int64]*resultsEntry{}}
	rc.count = func(ctx context.Context, c *survey.Campaign) (*report.Results, error) {
		res, err := report.Compute(ctx, st, c, nil, now())
		if err == nil {
			_, err = IntakeReport(ctx, st, c, res) // provenance of every demand
		}
		return res, err
	}
	onCampaignChange(st, rc.forget)
	return rc
}

// forget drops the results of campaign slug ("": of every campaign), which changed,
// possibly through another instance, in a way the campaign itself may not show (the
// proposals merged into its demands).
func (rc *resultsCache) forget(slug string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for id, e := range rc.m {
		if slug == "" || e.slug == slug {
			delete(rc.m, id)
		}
	}
}

// onCampaignChange calls fn with the slug of every campaign that changed, when the store
// hears of changes other instances make (survey.ChangeNotifier).
func onCampaignChange(st survey.Store, fn func(slug string)) {
	if n, ok := st.(survey.ChangeNotifier); ok {
		n.OnCampaignChange(fn)
	}
}

// get returns the results of campaign c, counting them when the cached ones may be stale.
func (rc *resultsCache) get(ctx context.Context, c *survey.Campaign) (*resultsSnap, error) {
	rc.mu.Lock()
	e := rc.m[c.ID]
	if e == nil {
		e = &resultsEntry{slug: c.Slug}
		rc.m[c.ID] = e
	}
	rc.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	now := rc.now()
	if s := e.snap; s != nil && sameCampaign(s.camp, c) {
		fresh := now.Sub(e.checked) < rc.ttl
		closed := c.State == survey.StateClosed
		if closed && fresh {
			return s, nil
		}
		n, err := rc.st.CountedResponses(ctx, c, now) // what Compute counts: the snapshot while open
		if err != nil {
			return nil, err
		}
		// Merging or returning proposals changes the provenance without changing the
		// campaign: recount then too.
		pv, err := rc.st.Provenance(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if n == s.res.Responses && sameProvenance(s.res, pv) && (closed || now.Sub(s.counted) < rc.ttl) {
			if closed {
				e.checked = now
			}
			return s, nil
		}
	}
	res, err := rc.count(ctx, c)
	if err != nil {
		return nil, err
	}
	e.snap = &resultsSnap{camp: c, res: res, counted: now, bytes: map[string][]byte{}}
	e.checked = now
	return e.snap, nil
}

// sameProvenance reports whether the demands of res carry the provenance pv.
func sameProvenance(res *report.Results, pv map[string]survey.Provenance) bool {
	for _, d := range res.Demands {
		if d.Provenance != nil && *d.Provenance != pv[d.Key] {
			return false
		}
	}
	return true
}

// sameCampaign reports whether a and b are the same campaign version. The store hands out
// a new pointer when it reloads a campaign (every few seconds), usually with equal content.
func sameCampaign(a, b *survey.Campaign) bool {
	return a == b || reflect.DeepEqual(*a, *b)
}

// made returns the bytes stored under key, making them with build on first use.
func (s *resultsSnap) made(key string, build func() ([]byte, error)) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.bytes[key]; ok {
		return b, nil
	}
	b, err := build()
	if err != nil {
		return nil, err
	}
	s.bytes[key] = b
	return b, nil
}

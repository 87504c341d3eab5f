// Package campaigncache keeps the campaigns a store has read, by slug, for a short time:
// the member page reads its campaign on every request, and the stores (survey/sqlite,
// survey/postgres) drop an entry as soon as they change it.
package campaigncache

import (
	"sync"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// Entry is a cached campaign; C is nil when the slug is known not to exist.
type Entry struct {
	C      *survey.Campaign
	Loaded time.Time
}

// Cache maps slugs to entries that are served for at most TTL. The zero value is empty
// and ready with a TTL of zero (every Get misses); set TTL before use.
type Cache struct {
	TTL time.Duration

	mu sync.RWMutex
	m  map[string]Entry
	// drops counts Drop and DropAll calls, so that Campaign does not keep what it read
	// while a change was being made.
	drops uint64
}

// Get returns slug's entry unless it is missing or older than TTL at now.
func (cc *Cache) Get(slug string, now time.Time) (Entry, bool) {
	cc.mu.RLock()
	defer cc.mu.RUnlock()
	e, ok := cc.m[slug]
	if !ok || now.Sub(e.Loaded) > cc.TTL {
		return Entry{}, false
	}
	return e, true
}

// Put stores slug's entry.
func (cc *Cache) Put(slug string, e Entry) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil {
		cc.m = map[string]Entry{}
	}
	cc.m[slug] = e
}

// Drop forgets slug.
func (cc *Cache) Drop(slug string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.m, slug)
	cc.drops++
}

// DropAll forgets every campaign.
func (cc *Cache) DropAll() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	clear(cc.m)
	cc.drops++
}

// Campaign returns the campaign with slug from the cache, or loads it with load and keeps
// it, a missing one (load fails with ENOTFOUND) too. What load read is not kept when a
// Drop came in meanwhile: it may be older than the change that dropped the entry.
func (cc *Cache) Campaign(slug string, load func() (*survey.Campaign, error)) (*survey.Campaign, error) {
	now := time.Now()
	if e, ok := cc.Get(slug, now); ok {
		if e.C == nil {
			return nil, storage.NotFound(slug)
		}
		return e.C, nil
	}
	cc.mu.RLock()
	drops := cc.drops
	cc.mu.RUnlock()
	c, err := load()
	if err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
		return nil, err
	}
	cc.mu.Lock()
	if cc.drops == drops {
		if cc.m == nil {
			cc.m = map[string]Entry{}
		}
		cc.m[slug] = Entry{C: c, Loaded: now}
	}
	cc.mu.Unlock()
	if c == nil {
		return nil, storage.NotFound(slug)
	}
	return c, nil
}

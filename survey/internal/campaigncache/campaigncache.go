// Package campaigncache keeps the campaigns a store has read, by slug, for a short time:
// the member page reads its campaign on every request, and the stores (survey/sqlite,
// survey/postgres) drop an entry as soon as they change it.
package campaigncache

import (
	"sync"
	"time"

	"kravlistan/survey"
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
}

// DropAll forgets every campaign.
func (cc *Cache) DropAll() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	clear(cc.m)
}

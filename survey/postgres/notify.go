package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"kravlistan/survey"

	"github.com/jackc/pgx/v5"
)

// Cross-instance cache invalidation. Every change of a campaign notifies the channel
// kravlistan_campaign with the campaign's slug (changed, in the changing transaction, so
// the notification goes out on commit and never for a rollback). Each store listens on a
// connection of its own, outside the pool, and drops the slug from its campaign cache when
// the notification arrives, usually a few milliseconds after the commit: the web layer's
// caches (member pages, counted results) are keyed by the campaign the store hands out,
// so they follow. Should the connection break, the listener drops every cached campaign
// (notifications may have been missed), reconnects with a growing pause (up to
// maxListenPause) and drops everything again once it listens; meanwhile the cache's TTL
// (cacheTTL) bounds how stale a campaign can be.

// listenState is the listener's state.
type listenState struct {
	// received counts the notifications handled, reconnects the connections made after a
	// break (tests and metrics).
	received   atomic.Int64
	reconnects atomic.Int64
	redrops    atomic.Int64

	mu   sync.Mutex
	conn *pgx.Conn           // the listening connection; nil while reconnecting
	subs []func(slug string) // OnCampaignChange
}

var _ survey.ChangeNotifier = (*Store)(nil)

// OnCampaignChange registers fn, called with the slug of every campaign a notification
// names (after the change committed, through any instance), and with "" after the
// listening connection broke.
func (s *Store) OnCampaignChange(fn func(slug string)) {
	s.listen.mu.Lock()
	defer s.listen.mu.Unlock()
	s.listen.subs = append(s.listen.subs, fn)
}

// dropped drops slug ("" for every campaign) from the cache and tells the subscribers.
func (s *Store) dropped(slug string) {
	if slug == "" {
		s.cache.DropAll()
	} else {
		s.cache.Drop(slug)
	}
	s.listen.mu.Lock()
	subs := s.listen.subs
	s.listen.mu.Unlock()
	for _, fn := range subs {
		fn(slug)
	}
}

// Drop again a moment after a notification: a read of the campaign that began before the
// change committed and ends after the notification arrived would otherwise put the old
// copy back in the cache for a whole TTL.
const redropAfter = 250 * time.Millisecond

const maxListenPause = 5 * time.Second

func init() { startHooks = append(startHooks, startListener) }

// startListener listens before the store is handed out, so that no change committed after
// Open returns goes unnoticed, then keeps listening until Close.
func startListener(ctx context.Context, s *Store) error {
	conn, err := s.listenConn(ctx)
	if err != nil {
		return fmt.Errorf("listen for campaign changes on %s: %w", s.dsn, err)
	}
	s.listen.mu.Lock()
	s.listen.conn = conn
	s.listen.mu.Unlock()
	lctx, cancel := context.WithCancel(context.Background())
	s.done.Add(2)
	go func() {
		defer s.done.Done()
		<-s.closing
		cancel()
	}()
	go func() {
		defer s.done.Done()
		s.listenLoop(lctx, conn)
	}()
	return nil
}

// listenConn opens a connection of its own (a pooled one would be handed to others) and
// listens on the channel.
func (s *Store) listenConn(ctx context.Context) (*pgx.Conn, error) {
	cfg := s.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "kravlistan-listen"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+notifyChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return conn, nil
}

// listenLoop handles notifications on conn and replaces it when it breaks, until ctx ends.
func (s *Store) listenLoop(ctx context.Context, conn *pgx.Conn) {
	defer func() {
		s.listen.mu.Lock()
		if s.listen.conn != nil {
			s.listen.conn.Close(context.Background())
			s.listen.conn = nil
		}
		s.listen.mu.Unlock()
	}()
	var redrop *time.Timer
	pending := map[string]bool{}
	var pmu sync.Mutex
	for {
		n, err := conn.WaitForNotification(ctx)
		if err == nil && n.Payload == "" {
			continue // not ours: every change names its campaign
		}
		if err == nil {
			s.dropped(n.Payload)
			s.listen.received.Add(1)
			pmu.Lock()
			pending[n.Payload] = true
			if redrop == nil {
				redrop = time.AfterFunc(redropAfter, func() {
					pmu.Lock()
					for slug := range pending {
						s.dropped(slug)
					}
					clear(pending)
					redrop = nil
					pmu.Unlock()
					s.listen.redrops.Add(1)
				})
			}
			pmu.Unlock()
			continue
		}
		if ctx.Err() != nil {
			return
		}
		// The connection broke: whatever changed meanwhile was not heard.
		s.dropped("")
		s.listen.mu.Lock()
		conn.Close(context.Background())
		s.listen.conn = nil
		s.listen.mu.Unlock()
		if conn = s.relisten(ctx); conn == nil {
			return
		}
	}
}

// relisten connects again, pausing longer after each failure, and returns the new
// connection, or nil when ctx ends first.
func (s *Store) relisten(ctx context.Context) *pgx.Conn {
	pause := 50 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(pause):
		}
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		conn, err := s.listenConn(cctx)
		cancel()
		if err == nil {
			s.listen.mu.Lock()
			s.listen.conn = conn
			s.listen.mu.Unlock()
			s.listen.reconnects.Add(1)
			s.dropped("") // changes between the break and now
			return conn
		}
		pause = min(2*pause, maxListenPause)
	}
}

// listenerPID is the server process id of the listening connection (0 while
// reconnecting); tests end it to see the listener reconnect.
func (s *Store) listenerPID() uint32 {
	s.listen.mu.Lock()
	defer s.listen.mu.Unlock()
	if s.listen.conn == nil {
		return 0
	}
	return s.listen.conn.PgConn().PID()
}

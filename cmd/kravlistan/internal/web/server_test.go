package web

import (
	"log/slog"
	"testing"
	"time"

	"kravlistan/survey/sqlite"

	"github.com/labstack/echo/v4"
)

// newTestServer wires the web layer over st as package main does: the real catalogue and
// templates, the store's figures into the metrics, the store's clock.
func newTestServer(tb testing.TB, st *sqlite.Store, logger *slog.Logger, opts ...Options) *echo.Echo {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	m := NewMetrics()
	st.BatchHook, st.OutcomeHook = m.ObserveBatch, m.ObserveOutcome
	return New(Deps{Store: st, Views: testEngine(tb), Logger: logger, Now: func() time.Time { return st.Now() }, Metrics: m, Options: o})
}

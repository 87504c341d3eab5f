package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/cmd/kravlistan/internal/web"
	"kravlistan/survey"
	"kravlistan/survey/postgres"
)

// Config is the server's configuration, from flags with environment fallbacks.
type Config struct {
	Addr string
	DB   string
	Demo bool
	// LogFormat is "text" or "json".
	LogFormat string
	// Server holds the HTTP layer's settings (rate limit, proxy trust).
	Server web.Options
	// ShutdownTimeout bounds how long in-flight requests may take to finish on shutdown.
	ShutdownTimeout time.Duration
}

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "serve [-addr :8080] [-db kravlistan.db] [-demo]")
	addr := fs.String("addr", envOr(e, "KRAVLISTAN_ADDR", ":8080"), "address to listen on (env KRAVLISTAN_ADDR)")
	db := dbFlag(fs, e)
	demoDef, err := envBool(e, "KRAVLISTAN_DEMO")
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	demo := fs.Bool("demo", demoDef, "load the demo campaigns (slugs \"demo\" and \"demo-betyg\") when they do not exist (env KRAVLISTAN_DEMO)")
	logFormat := fs.String("log-format", envOr(e, "KRAVLISTAN_LOG_FORMAT", "text"), "log format: text or json (env KRAVLISTAN_LOG_FORMAT)")
	rateDef := 20.0
	if v := e.getenv("KRAVLISTAN_RATE_LIMIT"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("KRAVLISTAN_RATE_LIMIT=%q: use a number, 0 for off", v)}
		}
		rateDef = f
	}
	rateLimit := fs.Float64("rate-limit", rateDef, "submissions per second allowed from one client address, bursts of 10× that; 0 turns the limit off (env KRAVLISTAN_RATE_LIMIT)")
	trustDef, err := envBool(e, "KRAVLISTAN_TRUST_PROXY")
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	trustProxy := fs.Bool("trust-proxy", trustDef, "take the client address from X-Forwarded-For; only behind a reverse proxy that sets it (env KRAVLISTAN_TRUST_PROXY)")
	publicURL := fs.String("public-url", envOr(e, "KRAVLISTAN_PUBLIC_URL", ""), "scheme and host members reach the service at, e.g. https://krav.example.org, for the links and QR codes on posters; empty: taken from the organiser's request (env KRAVLISTAN_PUBLIC_URL)")
	metricsAllow := fs.String("metrics-allow", envOr(e, "KRAVLISTAN_METRICS_ALLOW", ""), "networks /metrics answers, comma-separated (e.g. 10.0.0.0/8,192.168.1.5); empty: loopback only (env KRAVLISTAN_METRICS_ALLOW)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	allow, err := web.ParseNetworks(*metricsAllow)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	cfg := Config{Addr: *addr, DB: *db, Demo: *demo, LogFormat: *logFormat, ShutdownTimeout: 30 * time.Second,
		Server: web.Options{RateLimit: *rateLimit, TrustProxy: *trustProxy, PublicURL: *publicURL, MetricsAllow: allow}}
	if err := cfg.Validate(); err != nil {
		return &usageError{msg: err.Error()}
	}
	var logger *slog.Logger
	if cfg.LogFormat == "json" {
		logger = slog.New(slog.NewJSONHandler(e.stderr, nil))
	} else {
		logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	return serve(ctx, cfg, logger, func(a net.Addr) {
		fmt.Fprintf(e.stdout, "Kravlistan lyssnar på %s\n", baseURL(a))
		if cfg.Demo {
			fmt.Fprintf(e.stdout, "Öppna demokampanjen: %s/s/demo\n", baseURL(a))
			fmt.Fprintf(e.stdout, "Demokampanjen med betyg 1–10: %s/s/demo-betyg\n", baseURL(a))
		}
	})
}

// Validate checks the combination of settings.
func (c Config) Validate() error {
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("-log-format %q: use text or json", c.LogFormat)
	}
	if c.Server.RateLimit < 0 {
		return fmt.Errorf("-rate-limit %v: use 0 (off) or a positive number", c.Server.RateLimit)
	}
	if err := web.CheckPublicURL(c.Server.PublicURL); err != nil {
		return err
	}
	if c.Addr == "" || c.DB == "" {
		return errors.New("-addr and -db must not be empty")
	}
	return nil
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(e env, key string) (bool, error) {
	v := e.getenv(key)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: use true or false", key, v)
	}
	return b, nil
}

func baseURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// serve runs the HTTP server until ctx is cancelled, then shuts down gracefully: stop
// accepting, finish in-flight requests, flush pending writes, close the database.
// ready is called with the listening address once connections are accepted.
func serve(ctx context.Context, cfg Config, logger *slog.Logger, ready func(net.Addr)) error {
	st, err := openStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if pg, ok := st.(*postgres.Store); ok {
		// Sealing rewrites a closed campaign's rows in the order of their ids (seal.go):
		// say when it happened, or why it did not.
		pg.OnSeal(func(slug string, err error) {
			if err != nil {
				logger.Error("seal closed campaign", "campaign", slug, "err", err)
			} else {
				logger.Info("sealed closed campaign", "campaign", slug)
			}
		})
	}
	if cfg.Demo {
		if err := ensureDemo(ctx, st); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another address with -addr)", cfg.Addr, err)
	}
	e, err := newHandler(st, logger, cfg.Server)
	if err != nil {
		return err
	}
	if err := web.AnnounceSetup(ctx, st, logger, baseURL(ln.Addr()), time.Now); err != nil {
		return fmt.Errorf("first-admin setup link: %w", err)
	}
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "db", redactDB(cfg.DB))
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Error("shutdown", "err", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// ensureDemo loads the demo campaigns, "demo" (ranking) and "demo-betyg" (rating, as LO's
// Stockholm district asked in 2010), each unless a campaign with its slug exists.
func ensureDemo(ctx context.Context, st survey.Store) error {
	for _, c := range []*survey.Campaign{survey.Demo(), survey.DemoRating()} {
		_, err := st.Campaign(ctx, c.Slug)
		if err == nil {
			continue
		} else if survey.ErrorCode(err) != survey.ENOTFOUND {
			return err
		}
		if err := st.CreateCampaign(ctx, c); err != nil && survey.ErrorCode(err) != survey.ECONFLICT {
			return fmt.Errorf("load demo campaign %s: %w", c.Slug, err)
		}
	}
	return nil
}

// newHandler wires the web layer: the catalogue and the template engine (which fails when
// a template is broken, so a broken build never starts serving), the metrics fed by the
// store's hooks, and the one clock.
func newHandler(st Store, logger *slog.Logger, opts web.Options) (http.Handler, error) {
	v, err := view.New(i18n.New())
	if err != nil {
		return nil, err
	}
	m := web.NewMetrics()
	setHooks(st, m.ObserveBatch, m.ObserveOutcome)
	return web.New(web.Deps{Store: st, Views: v, Logger: logger, Now: time.Now, Metrics: m, Options: opts}), nil
}

package web

import (
	"fmt"
	"kravlistan/survey"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the Prometheus figures of one server. Each server has its own registry so
// tests can run several side by side.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	stored   *prometheus.CounterVec
	batches  prometheus.Histogram
	dbErrors prometheus.Counter
}

func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kravlistan_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kravlistan_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
		stored: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kravlistan_responses_total", Help: "Member responses submitted, by outcome (created, replayed, conflict, error).",
		}, []string{"outcome"}),
		batches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kravlistan_write_batch_size", Help: "Responses committed per write transaction (group commit).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
		}),
		dbErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kravlistan_db_errors_total", Help: "Failed database writes.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.stored, m.batches, m.dbErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *Metrics) observeRequest(method, route string, status int, d time.Duration) {
	route = routeLabel(route)
	m.requests.WithLabelValues(route, method, statusClass(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// ObserveBatch counts one write transaction of n responses (the store's BatchHook).
func (m *Metrics) ObserveBatch(n int) { m.batches.Observe(float64(n)) }

// ObserveOutcome counts one submission's outcome (the store's OutcomeHook).
func (m *Metrics) ObserveOutcome(o survey.Outcome, err error) {
	switch {
	case err == nil && o == survey.Created:
		m.stored.WithLabelValues("created").Inc()
	case err == nil:
		m.stored.WithLabelValues("replayed").Inc()
	case survey.ErrorCode(err) == survey.ECONFLICT:
		m.stored.WithLabelValues("conflict").Inc()
	default:
		m.stored.WithLabelValues("error").Inc()
		m.dbErrors.Inc()
	}
}

// metricsEvery is how often /metrics takes a new snapshot of the figures. Scraped more
// often it answers the same snapshot, so no one can tell from the counters when a single
// answer arrived more closely than this.
const metricsEvery = time.Minute

// handler serves the figures in Prometheus text format to allowed networks only, as a
// snapshot at most metricsEvery old.
func (m *Metrics) handler(allow []*net.IPNet, now func() time.Time) echo.HandlerFunc {
	inner := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	var (
		mu     sync.Mutex
		at     time.Time
		body   []byte
		header http.Header
	)
	return func(c echo.Context) error {
		if !allowed(allow, c.RealIP()) {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		mu.Lock()
		if body == nil || now().Sub(at) >= metricsEvery || now().Before(at) {
			rec := httptest.NewRecorder()
			inner.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			body, header, at = rec.Body.Bytes(), rec.Header().Clone(), now()
		}
		b, h := body, header
		mu.Unlock()
		for k, v := range h {
			c.Response().Header()[k] = v
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.Blob(http.StatusOK, h.Get("Content-Type"), b)
	}
}

// allowed reports whether ip is in one of the networks.
func allowed(nets []*net.IPNet, ip string) bool {
	addr := net.ParseIP(ip)
	for _, n := range nets {
		if addr != nil && n.Contains(addr) {
			return true
		}
	}
	return false
}

// ParseNetworks reads a comma-separated list of networks (CIDR, or a single address) for
// -metrics-allow; empty means loopback only.
func ParseNetworks(list string) ([]*net.IPNet, error) {
	if strings.TrimSpace(list) == "" {
		list = "127.0.0.0/8,::1/128"
	}
	var out []*net.IPNet
	for part := range strings.SplitSeq(list, ",") {
		part = strings.TrimSpace(part)
		if !strings.Contains(part, "/") {
			if ip := net.ParseIP(part); ip != nil && ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("-metrics-allow %q: use networks such as 10.0.0.0/8 or addresses, separated by commas", part)
		}
		out = append(out, n)
	}
	return out, nil
}

package web

import (
	"kravlistan/survey"
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

// handler serves the figures in Prometheus text format.
func (m *Metrics) handler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
}

package web

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMemberPage measures GET /s/demo (gzip) through the Echo handler, no network.
func BenchmarkMemberPage(b *testing.B) {
	e, _ := apiTestServer(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, "/s/demo", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for pb.Next() {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatal(rec.Code)
			}
		}
	})
}

// BenchmarkMemberPageHTTP is a small load driver: 64 keep-alive connections over loopback
// fetch GET /s/demo with gzip as fast as they can for a fixed time; it reports requests
// per second and latency percentiles. Run it alone:
//
//	go test ./cmd/kravlistan -run '^$' -bench MemberPageHTTP -benchtime 1x
func BenchmarkMemberPageHTTP(b *testing.B) {
	e, _ := apiTestServer(b)
	srv := &http.Server{Handler: e}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/s/demo"
	const conns = 64
	dur := 5 * time.Second
	for range b.N {
		res := loadRun(b, url, conns, dur)
		b.ReportMetric(res.rps, "req/s")
		b.ReportMetric(float64(res.p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(res.p99.Microseconds())/1000, "p99-ms")
	}
}

type loadResult struct {
	rps      float64
	p50, p99 time.Duration
}

func loadRun(tb testing.TB, url string, conns int, dur time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		lats  []time.Duration
		fails atomic.Int64
	)
	deadline := time.Now().Add(dur)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1<<16)
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fails.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					fails.Add(1)
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lats = append(lats, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n := fails.Load(); n > 0 {
		tb.Fatalf("%d failed requests", n)
	}
	slices.Sort(lats)
	res := loadResult{rps: float64(len(lats)) / elapsed.Seconds(),
		p50: lats[len(lats)/2], p99: lats[len(lats)*99/100]}
	tb.Logf("%d requests in %v over %d connections: %.0f req/s, p50 %v, p99 %v",
		len(lats), elapsed.Round(time.Millisecond), conns, res.rps, res.p50, res.p99)
	return res
}

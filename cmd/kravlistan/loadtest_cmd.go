package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// loadConfig holds the loadtest flags.
type loadConfig struct {
	// bases are the servers under test; requests go to them in turn (round robin per
	// request), so several instances on one database share the load.
	bases       []string
	slug        string
	conns       int
	dur         time.Duration
	n           int64 // requests in all (0: as many as fit in dur)
	rate        int
	invalid     float64
	replay      float64
	pages       float64
	idsFile     string
	allowRemote bool
}

func cmdLoadtest(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "loadtest", "loadtest -url URL [-url URL2 …] [-c 64] [-d 30s] [-n N] [-rate N] [-invalid 0.1] [-replay 0.05] [-pages 0] [-ids FILE] SLUG")
	var cfg loadConfig
	var urls urlList
	fs.Var(&urls, "url", "base URL of a server under test (default http://localhost:8080); repeat it, or separate URLs with commas, to send the requests to several instances in turn")
	fs.IntVar(&cfg.conns, "c", 64, "concurrent connections")
	fs.DurationVar(&cfg.dur, "d", 30*time.Second, "how long to run")
	fs.Int64Var(&cfg.n, "n", 0, "stop after this many requests in all (0: run for -d)")
	fs.IntVar(&cfg.rate, "rate", 0, "requests per second in all (0: as fast as the server answers)")
	fs.Float64Var(&cfg.invalid, "invalid", 0, "share of submissions that are invalid ballots (0–1)")
	fs.Float64Var(&cfg.replay, "replay", 0, "share of submissions that resend an acknowledged ballot (0–1)")
	fs.Float64Var(&cfg.pages, "pages", 0, "share of requests that load the questionnaire page (0–1)")
	fs.StringVar(&cfg.idsFile, "ids", "", "write every acknowledged response id to this file")
	fs.BoolVar(&cfg.allowRemote, "allow-remote", false, "allow a target that is not this machine")
	if err := parseFlags(fs, args, "SLUG"); err != nil {
		return err
	}
	cfg.slug = fs.Arg(0)
	cfg.bases = urls
	if len(cfg.bases) == 0 {
		cfg.bases = []string{"http://localhost:8080"}
	}
	if cfg.conns < 1 || cfg.dur <= 0 || cfg.n < 0 || cfg.invalid < 0 || cfg.replay < 0 || cfg.pages < 0 || cfg.invalid+cfg.replay > 1 || cfg.pages > 1 {
		return &usageError{msg: "-c must be ≥ 1, -d > 0, -n ≥ 0, and -invalid, -replay, -pages shares between 0 and 1"}
	}
	for _, base := range cfg.bases {
		u, err := url.Parse(base)
		if err != nil || u.Host == "" {
			return &usageError{msg: fmt.Sprintf("-url %q: give a URL such as http://localhost:8080", base)}
		}
		if !cfg.allowRemote && !isLoopback(u.Hostname()) {
			return &usageError{msg: fmt.Sprintf("-url %s is not this machine: load only your own test servers (or pass -allow-remote)", base)}
		}
	}
	rep, err := runLoad(ctx, cfg)
	if err != nil {
		return err
	}
	rep.print(e.stdout)
	return nil
}

// urlList is the -url flag: it may be given several times, each a URL or a comma-separated
// list of them.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, ",") }

func (l *urlList) Set(v string) error {
	for _, u := range strings.Split(v, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			*l = append(*l, u)
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loadKind names a kind of request the load tool sends.
type loadKind string

const (
	kindPage    loadKind = "page"
	kindSubmit  loadKind = "submit"
	kindInvalid loadKind = "invalid"
	kindReplay  loadKind = "replay"
)

type loadStats struct {
	lat      []time.Duration
	statuses map[int]int
	errors   int
}

// count is the number of requests answered or failed.
func (s *loadStats) count() int { return len(s.lat) + s.errors }

// loadReport is what a load run measured.
type loadReport struct {
	elapsed time.Duration
	kinds   map[loadKind]*loadStats
	acked   int
	// byBase counts the requests sent to each server (several -url).
	byBase map[string]int
}

func (r *loadReport) stats(k loadKind) *loadStats {
	s, ok := r.kinds[k]
	if !ok {
		s = &loadStats{statuses: map[int]int{}}
		r.kinds[k] = s
	}
	return s
}

func (r *loadReport) merge(o *loadReport) {
	for k, s := range o.kinds {
		m := r.stats(k)
		m.lat = append(m.lat, s.lat...)
		m.errors += s.errors
		for code, n := range s.statuses {
			m.statuses[code] += n
		}
	}
	r.acked += o.acked
	for b, n := range o.byBase {
		if r.byBase == nil {
			r.byBase = map[string]int{}
		}
		r.byBase[b] += n
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	} else if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func (r *loadReport) print(w io.Writer) {
	fmt.Fprintf(w, "ran %.1fs, %d responses acknowledged\n", r.elapsed.Seconds(), r.acked)
	fmt.Fprintf(w, "%-8s %9s %9s %9s %9s %9s %9s  %s\n", "kind", "requests", "req/s", "p50", "p90", "p99", "max", "statuses")
	kinds := make([]string, 0, len(r.kinds))
	for k := range r.kinds {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	var total int
	for _, k := range kinds {
		s := r.kinds[loadKind(k)]
		sort.Slice(s.lat, func(i, j int) bool { return s.lat[i] < s.lat[j] })
		n := len(s.lat)
		total += n
		var codes []string
		for code, c := range s.statuses {
			codes = append(codes, fmt.Sprintf("%d=%d", code, c))
		}
		sort.Strings(codes)
		if s.errors > 0 {
			codes = append(codes, fmt.Sprintf("neterr=%d", s.errors))
		}
		fmt.Fprintf(w, "%-8s %9d %9.0f %9s %9s %9s %9s  %s\n", k, n, float64(n)/r.elapsed.Seconds(),
			ms(percentile(s.lat, .50)), ms(percentile(s.lat, .90)), ms(percentile(s.lat, .99)), ms(percentile(s.lat, 1)),
			strings.Join(codes, " "))
	}
	fmt.Fprintf(w, "%-8s %9d %9.0f\n", "all", total, float64(total)/r.elapsed.Seconds())
	if len(r.byBase) > 1 {
		bases := make([]string, 0, len(r.byBase))
		for b := range r.byBase {
			bases = append(bases, b)
		}
		sort.Strings(bases)
		for _, b := range bases {
			fmt.Fprintf(w, "sent %d requests to %s\n", r.byBase[b], b)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// runLoad drives cfg.conns workers for cfg.dur (or until cfg.n requests, when set) against
// the server and collects figures.
func runLoad(ctx context.Context, cfg loadConfig) (*loadReport, error) {
	tr := &http.Transport{MaxIdleConns: cfg.conns, MaxIdleConnsPerHost: cfg.conns, MaxConnsPerHost: cfg.conns,
		IdleConnTimeout: time.Minute, DisableCompression: false}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	if len(cfg.bases) == 0 {
		return nil, fmt.Errorf("loadtest: no -url")
	}
	bases := make([]string, len(cfg.bases))
	for i, b := range cfg.bases {
		bases[i] = strings.TrimRight(b, "/")
	}
	// The campaign from the first server that answers (one may be down on purpose).
	var camp *survey.Campaign
	var err error
	for _, b := range bases {
		if camp, err = fetchCampaign(ctx, client, b, cfg.slug); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	var turn atomic.Uint64 // round robin over bases, per request
	var ids *bufio.Writer
	var idsMu sync.Mutex
	if cfg.idsFile != "" {
		f, err := os.Create(cfg.idsFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		ids = bufio.NewWriter(f)
		defer ids.Flush()
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.dur)
	defer cancel()
	var tokens <-chan time.Time
	if cfg.rate > 0 {
		t := time.NewTicker(time.Second / time.Duration(cfg.rate))
		defer t.Stop()
		tokens = t.C
	}
	total := &loadReport{kinds: map[loadKind]*loadStats{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var issued atomic.Int64
	start := time.Now()
	for w := 0; w < cfg.conns; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
			lw := &loadWorker{cfg: cfg, camp: camp, client: client, bases: bases, turn: &turn, rng: rng,
				rep: &loadReport{kinds: map[loadKind]*loadStats{}, byBase: map[string]int{}}}
			for ctx.Err() == nil {
				if cfg.n > 0 && issued.Add(1) > cfg.n {
					break
				}
				if tokens != nil {
					select {
					case <-tokens:
					case <-ctx.Done():
						continue
					}
				}
				id, acked := lw.one(ctx)
				if acked && ids != nil {
					idsMu.Lock()
					fmt.Fprintln(ids, id)
					idsMu.Unlock()
				}
			}
			mu.Lock()
			total.merge(lw.rep)
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return total, nil
}

func fetchCampaign(ctx context.Context, client *http.Client, base, slug string) (*survey.Campaign, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/campaigns/"+url.PathEscape(slug), nil)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch campaign: %w (is the server running at %s?)", err, base)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch campaign %q: %s (check the slug)", slug, resp.Status)
	}
	var c survey.Campaign
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return nil, fmt.Errorf("fetch campaign: %w", err)
	}
	if c.MaxPicks < 1 || len(c.Demands) == 0 {
		return nil, fmt.Errorf("campaign %q has no demands to rank", slug)
	}
	return &c, nil
}

type loadWorker struct {
	cfg    loadConfig
	camp   *survey.Campaign
	client *http.Client
	bases  []string
	turn   *atomic.Uint64
	rng    *rand.Rand
	rep    *loadReport
	sent   []string // bodies this worker had acknowledged, for replays
}

// one sends one request of a kind drawn from the configured shares. It returns the
// response id and whether the server acknowledged it as new (201).
func (lw *loadWorker) one(ctx context.Context) (string, bool) {
	if lw.cfg.pages > 0 && lw.rng.Float64() < lw.cfg.pages {
		path := "/s/" + url.PathEscape(lw.camp.Slug)
		if n := len(lw.camp.Workplaces); n > 0 && lw.rng.IntN(2) == 0 {
			path += "/" + url.PathEscape(lw.camp.Workplaces[lw.rng.IntN(n)].Code)
		}
		lw.send(ctx, kindPage, http.MethodGet, path, "")
		return "", false
	}
	x := lw.rng.Float64()
	switch {
	case x < lw.cfg.invalid:
		lw.send(ctx, kindInvalid, http.MethodPost, lw.submitPath(), lw.invalidBody())
		return "", false
	case x < lw.cfg.invalid+lw.cfg.replay && len(lw.sent) > 0:
		body := lw.sent[lw.rng.IntN(len(lw.sent))]
		lw.send(ctx, kindReplay, http.MethodPost, lw.submitPath(), body)
		return "", false // already recorded when it was first acknowledged
	}
	id := uuid.NewString()
	body := lw.validBody(id)
	code := lw.send(ctx, kindSubmit, http.MethodPost, lw.submitPath(), body)
	if code == http.StatusCreated {
		if lw.cfg.replay > 0 && len(lw.sent) < 1000 {
			lw.sent = append(lw.sent, body)
		}
		return id, true
	}
	return id, false
}

func (lw *loadWorker) submitPath() string {
	return "/api/v1/campaigns/" + url.PathEscape(lw.camp.Slug) + "/responses"
}

// validBody draws a realistic ballot: popular demands more often, most members answering
// some background questions, a few writing a proposal.
func (lw *loadWorker) validBody(id string) string {
	c, rng := lw.camp, lw.rng
	n := c.MinPicks + rng.IntN(c.MaxPicks-c.MinPicks+1)
	if n < 1 {
		n = 1
	}
	picked := map[int]bool{}
	ranking := make([]string, 0, n)
	for len(ranking) < n {
		// Skewed popularity: low indexes are chosen more often.
		i := int(float64(len(c.Demands)) * rng.Float64() * rng.Float64())
		if !picked[i] {
			picked[i] = true
			ranking = append(ranking, c.Demands[i].Key)
		}
	}
	sub := survey.Submission{ID: id, Ranking: ranking, Background: map[string]string{}}
	for _, q := range c.Questions {
		if len(q.Options) > 0 && rng.IntN(4) > 0 {
			sub.Background[q.Key] = q.Options[rng.IntN(len(q.Options))].Key
		}
	}
	if n := len(c.Workplaces); n > 0 && rng.IntN(2) == 0 {
		sub.Workplace = c.Workplaces[rng.IntN(n)].Code
	}
	if c.AllowProposals && rng.IntN(10) == 0 {
		sub.Proposal = "Fler bussar till industriområdet vid skiftbyte"
	}
	b, _ := json.Marshal(sub)
	return string(b)
}

func (lw *loadWorker) invalidBody() string {
	switch lw.rng.IntN(4) {
	case 0:
		return `{"ranking":["finns-inte"]}`
	case 1:
		return `{"ranking":[]}`
	case 2:
		return `{"ranking":["` + lw.camp.Demands[0].Key + `","` + lw.camp.Demands[0].Key + `"]}`
	}
	return `{"ranking":[`
}

func (lw *loadWorker) send(ctx context.Context, kind loadKind, method, path, body string) int {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	base := lw.bases[0]
	if len(lw.bases) > 1 {
		base = lw.bases[(lw.turn.Add(1)-1)%uint64(len(lw.bases))]
		lw.rep.byBase[base]++
	}
	req, _ := http.NewRequestWithContext(ctx, method, base+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := lw.client.Do(req)
	s := lw.rep.stats(kind)
	if err != nil {
		if ctx.Err() == nil {
			s.errors++
		}
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	s.lat = append(s.lat, time.Since(start))
	s.statuses[resp.StatusCode]++
	if resp.StatusCode == http.StatusCreated {
		lw.rep.acked++
	}
	return resp.StatusCode
}

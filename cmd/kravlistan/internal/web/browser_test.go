package web

// Browser tests drive Debian's chromium headless through chromedp at a phone viewport with
// touch emulation, against the real Echo handler behind httptest.NewServer. One browser
// serves the whole test binary (started on first use, stopped in TestMain); each test gets
// its own tab. Helpers here (newTab, axeCheck, requireTool) are meant for every page's tests.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browserCancel != nil {
		browserCancel()
	}
	reportSkips(code)
	os.Exit(code)
}

// skipped collects, once per tool, why browser tests were skipped on this machine.
var (
	skipMu  sync.Mutex
	skipped = map[string]int{}
)

// reportSkips prints one line naming the missing tools when browser tests were skipped.
// `go test ./...` hides a passing package's output, so the line goes to the terminal
// (/dev/tty) when there is one and to stderr (seen with -v or on failure) otherwise.
func reportSkips(code int) {
	skipMu.Lock()
	defer skipMu.Unlock()
	if len(skipped) == 0 {
		return
	}
	n, whats := 0, []string{}
	for what, k := range skipped {
		n += k
		whats = append(whats, what)
	}
	slices.Sort(whats)
	line := fmt.Sprintf("kravlistan/web: %d browser tests SKIPPED: %s (install chromium; bash .ci/install-npm for axe-core; CI=true fails instead)\n",
		n, strings.Join(whats, ", "))
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprint(tty, line)
		tty.Close()
		if code != 0 {
			fmt.Fprint(os.Stderr, line)
		}
		return
	}
	fmt.Fprint(os.Stderr, line)
}

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

// requireTool skips the test when a tool the browser suite needs is missing, except in CI
// (CI=true), where a missing tool fails the test: CI must never skip these.
func requireTool(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: %v (CI must run the browser tests; .ci/run installs it)", what, err)
	}
	skipMu.Lock()
	skipped[what]++
	skipMu.Unlock()
	t.Skipf("%s: %v", what, err)
}

func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	return exec.LookPath("chromium")
}

// sharedBrowser starts headless chromium once per test binary.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	requireTool(t, "chromium", err)
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path),
			chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(390, 844))
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		// Start the browser now so that a broken install shows up here, once.
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
		browserCancel = func() { cancelCtx(); cancelAlloc() }
	})
	requireTool(t, "chromium (does not start)", browserErr)
	return browserCtx
}

// newTab opens a tab at phone size (390×844, touch) with JavaScript on or off. It is
// closed when the test ends; every step in it is bounded by a timeout.
func newTab(t *testing.T, js bool) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(sharedBrowser(t))
	ctx, cancelT := context.WithTimeout(ctx, 45*time.Second)
	t.Cleanup(func() { cancelT(); cancel() })
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch),
	}
	if !js {
		steps = append(steps, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// axeCheck runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and fails on
// serious or critical violations.
func axeCheck(t *testing.T, ctx context.Context) {
	t.Helper()
	root, err := filepath.Abs("../../../..") // the module root, from cmd/kravlistan/internal/web
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, ".ci/node_modules/axe-core/axe.min.js"))
	requireTool(t, "axe-core (run .ci/install-npm)", err)
	// A page checked again (at another width) has axe loaded already.
	if loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== 'undefined'`)); err != nil || !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
			t.Fatal("load axe-core:", err)
		}
	}
	type violation struct {
		ID, Impact, Help string
		Nodes            []string
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag',
		values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify(r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html.slice(0, 160))}))))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal("axe.run:", err)
	}
	var vs []violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("axe %s (%s): %s\n  %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
}

// browserServer serves the real Echo on a loopback port and counts POSTs.
func browserServer(t *testing.T) (string, *sqlite.Store, *atomic.Int64) {
	t.Helper()
	e, st := apiTestServer(t)
	min3 := survey.Demo()
	min3.Slug, min3.MinPicks = "minst-tre", 3
	if err := st.CreateCampaign(context.Background(), min3); err != nil {
		t.Fatal(err)
	}
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, st, &posts
}

func must[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do1(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// storedResponse reads back the response the form with id stored.
func storedResponse(t *testing.T, st *sqlite.Store, id string) *survey.Response {
	t.Helper()
	r, err := st.Response(context.Background(), uuid.MustParse(id))
	if err != nil {
		t.Fatalf("response %s not stored: %v", id, err)
	}
	return r
}

func TestBrowserTapToRank(t *testing.T) {
	base, st, _ := browserServer(t)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/s/demo/hemtjansten-norr?lang=sv"), chromedp.WaitVisible(`#d-heltid .pick`))
	for _, k := range []string{"heltid", "busslinjer", "delade-turer"} {
		do1(t, ctx, chromedp.Tap(`#d-`+k+` .pick`))
	}
	if got := must(t, ctx, chromedp.Text(`#counter`)); got != "3 av 5 valda" {
		t.Errorf("counter %q", got)
	}
	if got := must(t, ctx, chromedp.Text(`#d-busslinjer .badge`)); got != "2" {
		t.Errorf("badge of the second tap %q", got)
	}
	// Tapping again removes; tapping once more puts it last.
	do1(t, ctx, chromedp.Tap(`#d-heltid .pick`))
	if got := must(t, ctx, chromedp.Text(`#counter`)); got != "2 av 5 valda" {
		t.Errorf("counter after removing %q", got)
	}
	do1(t, ctx, chromedp.Tap(`#d-heltid .pick`))
	// Order now: busslinjer, delade-turer, heltid. Move heltid up once.
	do1(t, ctx, chromedp.Tap(`#mylist li:nth-child(3) .up`), chromedp.Sleep(150*time.Millisecond))
	if got := must(t, ctx, chromedp.Text(`#live`)); !strings.Contains(got, "flyttad till plats 2") {
		t.Errorf("aria-live says %q", got)
	}
	if got := must(t, ctx, chromedp.Evaluate[bool](`document.activeElement.classList.contains('mv')`)); !got {
		t.Error("focus left the moved demand")
	}
	do1(t, ctx, chromedp.SetValue(`#q-forbund`, "kommunal"))
	axeCheck(t, ctx)
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx, chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Tack för ditt svar!" {
		t.Errorf("after submit: %q", got)
	}
	axeCheck(t, ctx)
	r := storedResponse(t, st, id)
	want := &survey.Response{Workplace: "hemtjansten-norr", Ranking: []string{"busslinjer", "heltid", "delade-turer"},
		Background: map[string]string{"forbund": "kommunal"}}
	if !r.SameContent(want) || r.Channel != survey.ChannelWeb {
		t.Errorf("stored %+v, want %+v", r, want)
	}
}

func TestBrowserNoJavaScript(t *testing.T) {
	base, st, _ := browserServer(t)
	ctx := newTab(t, false)
	do1(t, ctx, chromedp.Navigate(base+"/s/demo?lang=en"), chromedp.WaitVisible(`#r-heltid`))
	if n := must(t, ctx, chromedp.Nodes(`.pick`, chromedp.AtLeast(0))); len(n) != 0 {
		t.Fatal("tap buttons exist without JavaScript")
	}
	noJSAxe(t, base+"/s/demo?lang=en")
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx,
		chromedp.SetValue(`#r-valfardsrad`, "1"),
		chromedp.SetValue(`#r-hyresratter`, "3"), // a gap: closed up to 2
		chromedp.SetValue(`#q-sektor`, "kommun"),
		chromedp.SendKeys(`#proposal`, "Fler bussar på natten"),
		chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Thank you for your answer!" {
		t.Errorf("after submit: %q", got)
	}
	want := &survey.Response{Ranking: []string{"valfardsrad", "hyresratter"},
		Background: map[string]string{"sektor": "kommun"}, Proposal: "Fler bussar på natten"}
	if r := storedResponse(t, st, id); !r.SameContent(want) {
		t.Errorf("stored %+v, want %+v", r, want)
	}
}

// noJSAxe runs axe on the page as it looks without JavaScript. axe needs scripts itself,
// so it runs in a tab with JavaScript on, where the enhancement is undone first.
func noJSAxe(t *testing.T, url string) {
	t.Helper()
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(`.pick`))
	must(t, ctx, chromedp.Evaluate[bool](`document.querySelectorAll('.pick').forEach(b => b.remove());
		document.documentElement.classList.remove('js'); true`))
	if vis := must(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector('#r-heltid').offsetParent`)); !vis {
		t.Fatal("rank selects still hidden")
	}
	axeCheck(t, ctx)
}

func TestBrowserErrorKeepsChoices(t *testing.T) {
	base, st, _ := browserServer(t)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/s/minst-tre?lang=sv"), chromedp.WaitVisible(`#d-heltid .pick`),
		chromedp.Tap(`#d-visstid .pick`), chromedp.Tap(`#d-heltid .pick`),
		chromedp.SetValue(`#q-alder`, "45-59"),
		chromedp.Tap(`button.send`), chromedp.WaitVisible(`#errsum`))
	if got := must(t, ctx, chromedp.Text(`#errsum`)); !strings.Contains(got, survey.Message("sv", "too_few_picks", 3)) {
		t.Errorf("error summary %q", got)
	}
	if got := must(t, ctx, chromedp.Text(`#err-ranking`)); !strings.Contains(got, "välj minst 3 krav") {
		t.Errorf("message by the ranking %q", got)
	}
	for sel, want := range map[string]string{`#d-visstid .badge`: "1", `#d-heltid .badge`: "2", `#counter`: "2 av 5 valda"} {
		if got := must(t, ctx, chromedp.Text(sel)); got != want {
			t.Errorf("%s = %q after the error, want %q", sel, got, want)
		}
	}
	if got := must(t, ctx, chromedp.Value(`#q-alder`)); got != "45-59" {
		t.Errorf("background answer lost: %q", got)
	}
	axeCheck(t, ctx)
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx, chromedp.Tap(`#d-upphandling .pick`), chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
	want := &survey.Response{Ranking: []string{"visstid", "heltid", "upphandling"}, Background: map[string]string{"alder": "45-59"}}
	if r := storedResponse(t, st, id); !r.SameContent(want) {
		t.Errorf("stored %+v, want %+v", r, want)
	}
}

func TestBrowserDoubleSubmit(t *testing.T) {
	base, st, posts := browserServer(t)
	ctx := newTab(t, true)
	camp, err := st.Campaign(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := st.ResponseCount(context.Background(), camp.ID)
	do1(t, ctx, chromedp.Navigate(base+"/s/demo"), chromedp.WaitVisible(`#d-heltid .pick`),
		chromedp.Tap(`#d-hot-och-vald .pick`))
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	// A double tap on the send button, then the same form sent once more in the background
	// (a resend), all carrying the id minted when the page was served.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const f = document.getElementById('f'), b = f.querySelector('.send');
		fetch(f.action, {method: 'POST', body: new URLSearchParams(new FormData(f)), redirect: 'manual'});
		b.click(); b.click(); return true })()`)); err != nil {
		t.Fatal(err)
	}
	do1(t, ctx, chromedp.WaitVisible(`.notice h1`))
	deadline := time.Now().Add(5 * time.Second)
	for posts.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let a late duplicate finish
	after, _ := st.ResponseCount(context.Background(), camp.ID)
	if n := posts.Load(); n < 2 {
		t.Errorf("only %d POSTs reached the server; the test did not double-submit", n)
	}
	if after != before+1 {
		t.Errorf("%d responses stored after %d POSTs, want 1", after-before, posts.Load())
	}
	if r := storedResponse(t, st, id); !r.SameContent(&survey.Response{Ranking: []string{"hot-och-vald"}}) {
		t.Errorf("stored %+v", r)
	}
}

func TestBrowserNarrowAndZoom(t *testing.T) {
	base, _, _ := browserServer(t)
	ctx := newTab(t, true)
	// 320 px wide, and 200 % zoom of a 640 px window (the same CSS width): no sideways scroll.
	do1(t, ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/s/demo/sjukhuset?lang=nb"), chromedp.WaitVisible(`#d-heltid .pick`),
		chromedp.Tap(`#d-arbetskraftsinvandring .pick`), chromedp.Tap(`#d-yrkesutbildning .pick`))
	if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 320 {
		t.Errorf("page is %d px wide at 320 px", w)
	}
	small := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button, select, summary, .langs a')]
		.filter(e => e.offsetParent && (e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44))
		.map(e => e.outerHTML.slice(0, 80))`))
	for _, s := range small {
		t.Errorf("tap target under 44×44 px: %s", s)
	}
	axeCheck(t, ctx)
}

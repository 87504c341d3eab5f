package web

import (
	"context"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// rateBrowserServer serves rateTestServer's campaigns on a loopback port.
func rateBrowserServer(t *testing.T) (string, func(id string) *survey.Response) {
	t.Helper()
	e, st := rateTestServer(t)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv.URL, func(id string) *survey.Response { return storedResponse(t, st, id) }
}

// checkTargets fails on sideways scrolling and on any visible tap target (the scale's
// buttons included) under 44×44 px at the current viewport.
func checkTargets(t *testing.T, ctx context.Context, width int) {
	t.Helper()
	if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
		t.Errorf("page is %d px wide at %d px", w, width)
	}
	n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.btns label').length`))
	if n != 21*10 {
		t.Errorf("%d scale buttons, want 210", n)
	}
	small := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.btns label, label.skip, button, select, summary, .langs a')]
		.filter(e => e.offsetParent && (e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44))
		.map(e => e.outerHTML.slice(0, 80) + ' ' + Math.round(e.getBoundingClientRect().width) + '×' + Math.round(e.getBoundingClientRect().height))`))
	for _, s := range small {
		t.Errorf("tap target under 44×44 px at %d px: %s", width, s)
	}
	// Every button of a scale sits inside its demand's box.
	out := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.demand.rate')].filter(li => {
		const b = li.getBoundingClientRect();
		return [...li.querySelectorAll('.btns label')].some(l => { const r = l.getBoundingClientRect(); return r.left < b.left || r.right > b.right });
	}).map(li => li.id)`))
	for _, id := range out {
		t.Errorf("a button of %s sticks out of its box at %d px", id, width)
	}
}

// screenshot saves a full-page screenshot when KRAVLISTAN_SHOTS names a directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("KRAVLISTAN_SHOTS")
	if dir == "" {
		return
	}
	png := must(t, ctx, chromedp.FullScreenshot(90))
	if err := os.WriteFile(filepath.Join(dir, name+".jpg"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserRate(t *testing.T) {
	base, stored := rateBrowserServer(t)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/s/demo-betyg/sodersjukhuset?lang=sv"), chromedp.WaitVisible(`#counter`))
	checkTargets(t, ctx, 320)
	for _, id := range []string{"v-heltid-8", "v-visstid-3", "v-taxa-10", "v-validering-1"} {
		do1(t, ctx, chromedp.Tap(`label[for=`+id+`]`))
	}
	if got := must(t, ctx, chromedp.Text(`#counter`)); got != "4 av 21 besvarade" {
		t.Errorf("counter %q", got)
	}
	do1(t, ctx, chromedp.Sleep(100*time.Millisecond))
	if got := must(t, ctx, chromedp.Text(`#live`)); got != "Rätt till kompetensutveckling på arbetstid: betyg 1. 4 av 21 besvarade." {
		t.Errorf("aria-live says %q", got)
	}
	// Changing one's mind: another value, then "Ingen åsikt".
	do1(t, ctx, chromedp.Tap(`label[for=v-heltid-9]`), chromedp.Tap(`label[for=v-visstid-x]`))
	if got := must(t, ctx, chromedp.Text(`#counter`)); got != "3 av 21 besvarade" {
		t.Errorf("counter after skipping one %q", got)
	}
	if on := must(t, ctx, chromedp.Evaluate[bool](`document.getElementById('d-heltid').classList.contains('on') && !document.getElementById('d-visstid').classList.contains('on')`)); !on {
		t.Error("the rated demand is not marked, or the skipped one still is")
	}
	screenshot(t, ctx, "rate-320")
	axeCheck(t, ctx)
	for _, w := range []int{390, 1280} {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 900))
		checkTargets(t, ctx, w)
		screenshot(t, ctx, "rate-"+strconv.Itoa(w))
	}
	do1(t, ctx, chromedp.SetValue(`#q-forbund`, "kommunal"))
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx, chromedp.Click(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Tack för ditt svar!" {
		t.Errorf("after submit: %q", got)
	}
	r := stored(id)
	want := map[string]int{"heltid": 9, "taxa": 10, "validering": 1}
	if !maps.Equal(r.Ratings, want) || r.Workplace != "sodersjukhuset" || r.Background["forbund"] != "kommunal" {
		t.Errorf("stored %+v, want ratings %v", r, want)
	}
}

func TestBrowserRateNoJavaScript(t *testing.T) {
	base, stored := rateBrowserServer(t)
	ctx := newTab(t, false)
	do1(t, ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/s/demo-betyg?lang=en"), chromedp.WaitVisible(`label[for=v-heltid-1]`))
	if vis := must(t, ctx, chromedp.Evaluate[bool](`!!document.getElementById('counter').offsetParent`)); vis {
		t.Error("the live counter shows without JavaScript")
	}
	checkTargets(t, ctx, 320)
	screenshot(t, ctx, "rate-320-nojs")
	id := must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx, chromedp.Click(`label[for=v-skola-7]`), chromedp.Click(`label[for=v-hyresratter-2]`),
		chromedp.Click(`label[for=v-hyresratter-x]`), chromedp.Click(`label[for=v-yrkesvux-10]`),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Thank you for your answer!" {
		t.Errorf("after submit: %q", got)
	}
	if r := stored(id); !maps.Equal(r.Ratings, map[string]int{"skola": 7, "yrkesvux": 10}) {
		t.Errorf("stored %v", r.Ratings)
	}

	// Every demand required: a missing rating comes back with the choices kept.
	ctx = newTab(t, false)
	do1(t, ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/s/betyg-alla?lang=sv"), chromedp.WaitVisible(`label[for=v-heltid-1]`),
		chromedp.Click(`label[for=v-heltid-5]`), chromedp.Click(`label[for=v-visstid-1]`),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`#errsum`))
	sum := must(t, ctx, chromedp.Text(`#errsum`))
	for _, w := range []string{"Bemanningsföretag ska bara användas vid tillfälliga toppar: kravet har inget betyg", "Skatteavdraget"} {
		if !strings.Contains(sum, w) {
			t.Errorf("error summary %q lacks %q", sum, w)
		}
	}
	if ok := must(t, ctx, chromedp.Evaluate[bool](`document.getElementById('v-heltid-5').checked && document.getElementById('v-visstid-1').checked`)); !ok {
		t.Error("the ratings given were lost on the error page")
	}
	screenshot(t, ctx, "rate-320-error")
	id = must(t, ctx, chromedp.Value(`input[name=id]`))
	do1(t, ctx, chromedp.Click(`label[for=v-bemanning-3]`), chromedp.Click(`label[for=v-fackavdrag-4]`),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if r := stored(id); !maps.Equal(r.Ratings, map[string]int{"heltid": 5, "visstid": 1, "bemanning": 3, "fackavdrag": 4}) {
		t.Errorf("stored %v", r.Ratings)
	}
}

// TestBrowserRateAxe runs axe on the rating page as it is without JavaScript (axe needs
// scripts, so the enhancement is undone in a tab with them) and on its error page.
func TestBrowserRateAxe(t *testing.T) {
	base, _ := rateBrowserServer(t)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/s/demo-betyg?lang=nb"), chromedp.WaitVisible(`#counter`))
	must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.classList.remove('js'); true`))
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.Navigate(base+"/s/betyg-alla?lang=en"), chromedp.WaitVisible(`#counter`),
		chromedp.Click(`label[for=v-heltid-2]`), chromedp.Click(`button.send`), chromedp.WaitVisible(`#errsum`))
	axeCheck(t, ctx)
}

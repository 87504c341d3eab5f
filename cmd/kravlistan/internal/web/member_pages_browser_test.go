package web

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// memberPagesServer serves the ranking and rating demos, a campaign with long Swedish
// compound words, and closed (published and not), not-yet-open campaigns.
func memberPagesServer(t *testing.T) string {
	t.Helper()
	e, st := rateTestServer(t)
	ctx := context.Background()
	long := survey.Demo()
	long.Slug = "langa-ord"
	// Long real compounds (the demo has arbetslivskriminaliteten, 24 letters, about the
	// longest word that fits a 320 px card's line); longer ones must break at a syllable,
	// where the server put soft hyphens, never between two letters anywhere.
	long.Demands[0].Title = "Välfärdsrådgivningen ska finansieras fullt ut"
	long.Demands[1].Title = "Arbetsmiljöutbildningar för skyddsombudsuppdraget"
	long.Demands[3].Title = "Skyddsombudsutbildningarna betalas av arbetsgivaren"
	long.Demands[4].Title = "Transportarbetareförbundets krav på vilotider"
	long.Demands[2].Body = "Kort första mening. " + strings.Repeat("Sedan kommer en längre förklaring om kravet. ", 6)
	pub := survey.Demo()
	pub.Slug, pub.State = "publicerad", survey.StateClosed
	for _, c := range []*survey.Campaign{long, pub, translatedDemo()} {
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetPublished(ctx, "publicerad", true); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv.URL
}

// brokenWords lists the words of the ranking list, the demand cards and the headings that
// the browser laid out on more than one line, i.e. broke mid-word: each word's text range
// must have a single line box. A break after a hyphen that is in the text (IP-adress) is
// between words, so words are split at hyphens and dashes too, and at soft hyphens: a
// long word broken there is hyphenated at a syllable (with a visible hyphen), not broken.
const brokenWords = `(() => {
	` + shyBoxesJS + `
	const out = [];
	for (const el of document.querySelectorAll('.mine .t, .pick .pt, .dt, .db, h1, h2, .sent li, .notice p')) {
		if (!el.offsetParent) continue;
		const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const re = /[^\s\-‐–—\/\u00ad]+/g;
			let m;
			while ((m = re.exec(n.data))) {
				const r = document.createRange();
				r.setStart(n, m.index);
				r.setEnd(n, m.index + m[0].length);
				const shy = shyBoxes(n, m.index);
				const tops = new Set([...r.getClientRects()].filter(q => q.width > 0 && !shy.has(q.top + ',' + q.left)).map(q => Math.round(q.top)));
				if (tops.size > 1) out.push(m[0] + ' in .' + el.className + ' (' + Math.round(el.getBoundingClientRect().width) + ' px wide, word ' + Math.round(r.getBoundingClientRect().width) + ' px)');
			}
		}
	}
	return out;
})()`

// checkFits fails when the page scrolls sideways or a word is broken at width.
func checkFits(t *testing.T, ctx context.Context, page string, width int) {
	t.Helper()
	if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
		t.Errorf("%s: page is %d px wide at %d px", page, w, width)
	}
	for _, w := range must(t, ctx, chromedp.Evaluate[[]string](brokenWords)) {
		t.Errorf("%s: %s is broken mid-word at %d px", page, w, width)
	}
}

var memberWidths = []int{320, 390, 1280}

func setWidth(t *testing.T, ctx context.Context, w int) {
	t.Helper()
	if w < 600 {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 800, chromedp.EmulateMobile, chromedp.EmulateTouch))
	} else {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 900))
	}
}

// TestBrowserMemberRankFullAndThanks: the ranking questionnaire with long compound words
// at three widths, the sixth tap's visible feedback, and the thank-you page.
func TestBrowserMemberRankFullAndThanks(t *testing.T) {
	base := memberPagesServer(t)
	ctx := newTab(t, true)
	setWidth(t, ctx, 320)
	do1(t, ctx, chromedp.Navigate(base+"/s/langa-ord?lang=sv"), chromedp.WaitVisible(`#d-heltid .pick`))
	// Short bodies are shown on the card; "Läs mer" only where there is more.
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.demand details').length`)); n != 1 {
		t.Errorf("%d cards with Läs mer, want 1 (the one long body)", n)
	}
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.demand .db').length`)); n < 5 {
		t.Errorf("%d cards show their body inline", n)
	}
	keys := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.demand')].map(li => li.dataset.key)`))
	for _, k := range keys[:5] {
		do1(t, ctx, chromedp.Tap(`#d-`+k+` .pick`))
	}
	do1(t, ctx, chromedp.Tap(`#d-`+keys[6]+` .pick`))
	note := must(t, ctx, chromedp.Evaluate[string](`(document.querySelector('#d-`+keys[6]+` .fullmsg') || {}).textContent || ''`))
	if !strings.Contains(note, "Du har redan valt 5 krav") {
		t.Errorf("no note next to the sixth card: %q", note)
	}
	if got := must(t, ctx, chromedp.Text(`#counter`)); got != "5 av 5 valda – fullt" {
		t.Errorf("counter %q", got)
	}
	if warn := must(t, ctx, chromedp.Evaluate[bool](`document.getElementById('counter').classList.contains('warn')`)); !warn {
		t.Error("counter not marked")
	}
	for _, w := range memberWidths {
		setWidth(t, ctx, w)
		checkFits(t, ctx, "rank", w)
		screenshot(t, ctx, "member-rank-"+strconv.Itoa(w))
	}
	axeCheck(t, ctx)
	// Removing one takes the note away.
	do1(t, ctx, chromedp.Click(`#d-`+keys[0]+` .pick`))
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.fullmsg').length`)); n != 0 {
		t.Error("the full note stays after removing a demand")
	}
	do1(t, ctx, chromedp.Click(`#d-`+keys[6]+` .pick`))
	titles := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#mylist .t')].map(e => e.textContent)`))
	do1(t, ctx, chromedp.Click(`button.send`), chromedp.WaitVisible(`#sent`))
	sent := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#sentlist li')].map(e => e.textContent)`))
	if strings.Join(sent, "|") != strings.Join(titles, "|") {
		t.Errorf("thank-you page shows %q, sent %q", sent, titles)
	}
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('main a[href*="/s/"]').length`)); n != 0 {
		t.Error("the thank-you page links back to the questionnaire")
	}
	link := must(t, ctx, chromedp.Value(`#link`))
	if !strings.HasSuffix(link, "/s/langa-ord") {
		t.Errorf("share link %q", link)
	}
	if ok := must(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector('.qr svg path') && !document.getElementById('share').hidden`)); !ok {
		t.Error("no QR code or share button")
	}
	for _, w := range memberWidths {
		setWidth(t, ctx, w)
		checkFits(t, ctx, "thanks", w)
		screenshot(t, ctx, "member-thanks-"+strconv.Itoa(w))
	}
	axeCheck(t, ctx)
	// The summary is read once: a reload just thanks.
	do1(t, ctx, chromedp.Reload(), chromedp.WaitVisible(`h1`))
	if shown := must(t, ctx, chromedp.Evaluate[bool](`!document.getElementById('sent').hidden`)); shown {
		t.Error("the summary is still there after a reload")
	}
}

// TestBrowserMemberOtherPages: the rating questionnaire, its thank-you page and the
// closed, published and not-yet-open pages fit at every width and pass axe.
func TestBrowserMemberOtherPages(t *testing.T) {
	base := memberPagesServer(t)
	ctx := newTab(t, true)
	pages := []struct{ name, path, wait string }{
		{"rate", "/s/demo-betyg?lang=sv", "#counter"},
		{"closed", "/s/stangd", "h1"},
		{"closed-published", "/s/publicerad", "h1"},
		{"not-yet-open", "/s/snart?lang=en", "h1"},
		{"thanks-rate", "/s/demo-betyg/_tack", "h1"},
		{"arabic-rtl", "/s/kaannos?lang=ar", "#counter"},
		{"finnish", "/s/kaannos?lang=fi", "#counter"},
	}
	for _, p := range pages {
		setWidth(t, ctx, 320)
		do1(t, ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait))
		for _, w := range memberWidths {
			setWidth(t, ctx, w)
			checkFits(t, ctx, p.name, w)
			screenshot(t, ctx, "member-"+p.name+"-"+strconv.Itoa(w))
		}
		axeCheck(t, ctx)
	}
	// Right to left: the Arabic title is right-aligned, its card's badge on the right.
	do1(t, ctx, chromedp.Navigate(base+"/s/kaannos?lang=ar"), chromedp.WaitVisible(`#d-heltid .pick`))
	if rtl := must(t, ctx, chromedp.Evaluate[bool](`(() => {
		const b = document.querySelector('#d-heltid .badge').getBoundingClientRect(), p = document.querySelector('#d-heltid .pt').getBoundingClientRect();
		return getComputedStyle(document.querySelector('h1')).direction === 'rtl' && b.left > p.left;
	})()`)); !rtl {
		t.Error("the Arabic page is not laid out right to left")
	}
	do1(t, ctx, chromedp.Navigate(base+"/s/publicerad"), chromedp.WaitVisible(`h1`))
	if href := must(t, ctx, chromedp.Evaluate[string](`(document.querySelector('main a.btn') || {}).getAttribute ? document.querySelector('main a.btn').getAttribute('href') : ''`)); href != "/r/publicerad" {
		t.Errorf("closed page of a published campaign links to %q", href)
	}
}

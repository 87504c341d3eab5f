package web

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// brokenWordsJS lists the words in tables (and the printable list) that the browser broke
// across two lines: a word whose text range has more than one box. Web addresses and codes
// may break; words, union names and demand titles may not, except at the soft hyphens the
// server put at their syllables (view.Hyphenate): the pattern splits words there, and the
// hyphen the browser draws at the end of the line, which Chromium counts into the range
// that starts right after it, is not a box of the word's.
const brokenWordsJS = `(() => {
	` + shyBoxesJS + `
	const bad = [];
	for (const cell of document.querySelectorAll('table th, table td, .klist .kt, .step-name')) {
		const w = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let n; (n = w.nextNode()); ) {
			const p = n.parentElement;
			if (!p || !p.offsetParent || p.closest('.url, .org-link, code, .sr-only')) continue;
			for (const m of n.data.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
				const r = document.createRange();
				r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
				const shy = shyBoxes(n, m.index);
				const rows = new Set([...r.getClientRects()].filter(b => b.width > 0 && !shy.has(b.top + ',' + b.left)).map(b => Math.round(b.top)));
				if (rows.size > 1) bad.push(m[0]);
			}
		}
	}
	return bad;
})()`

// shyBoxesJS defines shyBoxes(node, i): the boxes ("top,left") of the hyphen drawn for a
// soft hyphen just before offset i of a text node, or none.
const shyBoxesJS = `const shyBoxes = (n, i) => {
		if (i === 0 || n.data[i - 1] !== '\u00ad') return new Set();
		const h = document.createRange();
		h.setStart(n, i - 1); h.setEnd(n, i);
		return new Set([...h.getClientRects()].map(b => b.top + ',' + b.left));
	};`

// layoutCampaign is a closed, published demo campaign with 300 answers, its workplaces
// with long names, for the layout tests.
func layoutCampaign(t *testing.T) (string, string) {
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "anna", survey.RoleAdmin)
	camp := resultsCampaign(t, st, "valet", survey.StateClosed, 300, true, func(c *survey.Campaign) {
		c.Title = "Valet 2026 i Göteborgs LO-distrikt"
		// A 26-letter compound: tables and the printed list break it at a syllable.
		c.Demands[0].Title = "Skyddsombudsutbildningarna betalas av arbetsgivaren"
		c.Workplaces = append(c.Workplaces, survey.Workplace{Code: "sahlgrenska", Name: "Sahlgrenska universitetssjukhuset, Östra sjukhuset", Members: 1200},
			survey.Workplace{Code: "hamnen", Name: "Skandiahamnen containerterminal", Members: 340})
		c.Workplaces[0].Members, c.Workplaces[1].Members = 450, 60
	})
	// A visit, so that the outreach pages show their tables (issue 13).
	if err := st.AddVisit(context.Background(), camp.ID, &survey.Visit{Workplace: "hamnen", Day: "2026-03-04", Kind: survey.VisitMeeting,
		Note: "Arbetsplatsträff med skiftlag B, 25 personer, delade ut QR-lappar", Who: "Anna Andersson"}); err != nil {
		t.Fatal(err)
	}
	return base, pw
}

// TestBrowserWorkspaceLayout opens every workspace page and the results pages at 320,
// 390 and 1280 px: the page is never wider than the window, no word in a table is broken,
// the campaign's tabs take one row on the laptop, and axe finds nothing serious at any of
// the three widths. Each page is loaded once, in one tab that is resized from width to
// width (axe is loaded once per page), which keeps the 63 checks within go test's time.
// KRAVLISTAN_SHOTS=DIR leaves full-page screenshots there for a look by eye.
func TestBrowserWorkspaceLayout(t *testing.T) {
	base, pw := layoutCampaign(t)
	shots := os.Getenv("KRAVLISTAN_SHOTS") // a directory for screenshots to look at by eye
	if shots != "" {
		os.MkdirAll(shots, 0o755)
	}
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "anna"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
	c := "/admin/campaigns/valet"
	pages := []string{"/admin", "/admin/campaigns/new", "/admin/users", c, c + "/settings", c + "/demands", c + "/questions",
		c + "/translations", c + "/workplaces", c + "/progress", c + "/reports", c + "/parties", c + "/parties/list", c + "/parties/matrix",
		c + "/parties/followup", c + "/file", c + "/upload?kind=workplaces", c + "/duplicate", c + "/kravlista",
		c + "/outreach", c + "/outreach/visits/1",
		"/r/valet", "/r/valet/kravlista"}
	for _, path := range pages {
		page := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path)
		t.Run(page, func(t *testing.T) {
			// A tab per page, bounded by newTab's timeout; the sign-in cookie is the browser's.
			ctx := newTab(t, true)
			do1(t, ctx, chromedp.EmulateViewport(320, 740, chromedp.EmulateMobile, chromedp.EmulateTouch),
				chromedp.Navigate(base+path), chromedp.WaitReady(`main`))
			if k := must(t, ctx, chromedp.Evaluate[string](`(document.body.innerText.match(/\b(org|party|poster|results|rate|member)\.[a-z_]+\.[a-z_.]+|%!|^(publish|file|state): /m) || [''])[0]`)); k != "" {
				t.Errorf("the page shows %q", k)
			}
			// On the phone the tab row scrolls sideways; the current tab is scrolled into it.
			if seen := must(t, ctx, chromedp.Evaluate[bool](`(a => !a || (r => r.left >= a.closest('ul').getBoundingClientRect().left - 1 &&
				r.right <= a.closest('ul').getBoundingClientRect().right + 1)(a.getBoundingClientRect()))(document.querySelector('.tabs a[aria-current]'))`)); !seen {
				t.Error("320 px: the current tab is outside the visible part of the tab row")
			}
			for _, width := range []int{320, 390, 1280} {
				if width == 1280 {
					do1(t, ctx, chromedp.EmulateViewport(1280, 800))
				} else {
					do1(t, ctx, chromedp.EmulateViewport(int64(width), 740, chromedp.EmulateMobile, chromedp.EmulateTouch))
				}
				if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
					wide := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')]
						.filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.scroll, .rt-wrap, .tabs ul'))
						.slice(0, 5).map(e => e.outerHTML.slice(0, 100))`))
					t.Errorf("%d px: page is %d px wide; sticking out: %q", width, w, wide)
				}
				if broken := must(t, ctx, chromedp.Evaluate[[]string](brokenWordsJS)); len(broken) > 0 {
					t.Errorf("%d px: words broken mid-word: %q", width, broken)
				}
				if width == 1280 && strings.HasPrefix(path, c) && path != c+"/kravlista" {
					rows := must(t, ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll('.tabs li')].map(e => Math.round(e.getBoundingClientRect().top))).size`))
					over := must(t, ctx, chromedp.Evaluate[bool](`(u => u.scrollWidth > u.clientWidth + 1)(document.querySelector('.tabs ul'))`))
					if rows != 1 || over {
						t.Errorf("tabs take %d rows (scrolling %t) on a 1280 px laptop, want one row", rows, over)
					}
				}
				if shots != "" {
					png := must(t, ctx, chromedp.FullScreenshot(70))
					os.WriteFile(filepath.Join(shots, strconv.Itoa(width)+page+".jpg"), png, 0o644)
				}
				axeCheck(t, ctx)
			}
		})
	}
}

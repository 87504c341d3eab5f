package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// TestBrowserAssemblies: the public party page of a campaign with two assemblies at 320,
// 390 and 1280 px: never wider than the window, every party's answer to every demand of
// each assembly on screen or in its table's own scroll (with a hint), axe clean; each
// assembly's member filter counts only its own parties; the print version is A4
// landscape with no text under 9 pt. KRAVLISTAN_SHOTS=DIR keeps screenshots and the PDF.
func TestBrowserAssemblies(t *testing.T) {
	f := newAssemblyFixture(t)
	srv := httptest.NewServer(f.e)
	t.Cleanup(srv.Close)
	for _, k := range []string{"huddinge/S", "huddinge/V", "region/S", "region/V"} {
		f.answerAll(t, k)
	}
	// M in the region says no to the demand put to both.
	m := f.by["region/M"]
	items := survey.ItemsFor(f.items, "region")
	ans := []survey.Answer{{ItemID: items[0].ID, Value: survey.AnswerPartly}, {ItemID: items[1].ID, Value: survey.AnswerNo, Comment: "Inte nu."}}
	if _, err := f.st.SavePartyAnswers(context.Background(), m.ID, 0, ans, true); err != nil {
		t.Fatal(err)
	}
	// M in Huddinge comments too: the page must tell the two Ms' comments apart.
	hm := f.by["huddinge/M"]
	hitems := survey.ItemsFor(f.items, "huddinge")
	if _, err := f.st.SavePartyAnswers(context.Background(), hm.ID, 0, []survey.Answer{{ItemID: hitems[0].ID, Value: survey.AnswerNo, Comment: "Kommunen har inte råd."},
		{ItemID: hitems[1].ID, Value: survey.AnswerYes}}, true); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetPartiesPublished(context.Background(), f.camp.ID, true, true); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("KRAVLISTAN_SHOTS")
	if shots != "" {
		os.MkdirAll(shots, 0o755)
	}
	cells := 2*4 + 2*3 // Huddinge: 2 demands × 4 parties; the region: 2 × 3
	for _, width := range []int{320, 390, 1280} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			ctx := newTab(t, true)
			if width == 1280 {
				do1(t, ctx, chromedp.EmulateViewport(1280, 800))
			} else {
				do1(t, ctx, chromedp.EmulateViewport(int64(width), 740, chromedp.EmulateMobile, chromedp.EmulateTouch))
			}
			do1(t, ctx, chromedp.Navigate(srv.URL+"/r/sodertorn/partier?lang=sv"), chromedp.WaitReady(`#matrix-a2`), chromedp.WaitVisible(`#filter-a2`))
			if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
				wide := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 5).map(e => e.outerHTML.slice(0, 100))`))
				t.Errorf("the page is %d px wide in a %d px window: %q", w, width, wide)
			}
			seen := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('section.assembly')].map(sec =>
				[...sec.querySelectorAll('.mcard li[data-party], table.mx td[data-party]')]
				.filter(e => e.getClientRects().length > 0 && /(Ja|Nej|Delvis|Har inte svarat|Vägrar svara)/.test(e.textContent))
				.filter(e => e.getBoundingClientRect().right <= innerWidth + 1 ||
					(e.closest('.mx-table') && !sec.querySelector('.scroll-hint').hidden)).length).reduce((a, b) => a + b, 0)`))
			if seen != cells {
				t.Errorf("%d of %d answers visible or reachable", seen, cells)
			}
			if width == 1280 {
				// On the laptop each table takes the width of the window, not a 48rem column.
				ws := must(t, ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll('table.mx[id^=matrix]')].map(e => e.getBoundingClientRect().width)`))
				if len(ws) != 2 || ws[0] < 1000 || ws[1] < 1000 {
					t.Errorf("table widths %v on a 1280 px screen", ws)
				}
			}
			heads := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section.assembly h2')].map(e => e.textContent + ' | ' + e.nextElementSibling.textContent)`))
			if strings.Join(heads, "\n") != "Kommunfullmäktige i Huddinge | Majoritet: 31 av 61 mandat.\nRegionfullmäktige i Stockholm | Majoritet: 75 av 149 mandat." {
				t.Errorf("assembly headings: %q", heads)
			}
			if shots != "" {
				png := must(t, ctx, chromedp.FullScreenshot(80))
				os.WriteFile(filepath.Join(shots, "forsamlingar-"+strconv.Itoa(width)+".jpg"), png, 0o644)
			}
			axeCheck(t, ctx)
			if width != 390 {
				return
			}
			// The region's filter: tick the demand put to both; the region's three parties
			// come in order of agreement, Huddinge's are not among them.
			do1(t, ctx, chromedp.Click(`#filter-a2 input[data-item="`+strconv.FormatInt(items[1].ID, 10)+`"]`))
			lines := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#filter-a2 .filter-out li')].map(e => e.textContent)`))
			want := []string{"Socialdemokraterna, 40 mandat: instämmer i 1 av 1", "Vänsterpartiet, 12 mandat: instämmer i 1 av 1",
				"Moderaterna, 45 mandat: instämmer i 0 av 1"}
			if strings.Join(lines, "\n") != strings.Join(want, "\n") {
				t.Errorf("the region's filter says\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
			if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#a1 .hidden-row').length`)); n != 0 {
				t.Errorf("the region's filter hid %d rows of Huddinge", n)
			}
		})
	}
	t.Run("Print", func(t *testing.T) {
		ctx := newTab(t, true)
		checkMatrixPrint(t, ctx, srv.URL+"/r/sodertorn/partier/utskrift?lang=sv", `#matrix-a2`, "table.mx", shots, "forsamlingar-utskrift.pdf")
		emulateMedia(t, ctx, "")
	})
	// The organiser's party tab and "Så svarade partierna" with two assemblies: axe clean,
	// no sideways scroll on a phone.
	t.Run("Organiser", func(t *testing.T) {
		pw := addUser(t, f.st, "ada", survey.RoleAdmin)
		ctx := newTab(t, true)
		do1(t, ctx, chromedp.Navigate(srv.URL+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
			chromedp.SendKeys(`#name`, "ada"), chromedp.SendKeys(`#password`, pw),
			chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
		for _, page := range []struct{ path, ready, shot string }{
			{"/admin/campaigns/sodertorn/parties?lang=sv", `#asm-new`, "forsamlingar-admin"},
			{"/admin/campaigns/sodertorn/parties/matrix?lang=sv", `#matrix-a2`, "forsamlingar-admin-matris"},
			{"/r/sodertorn/partier/svar?lang=sv", `.adem`, "forsamlingar-svar"},
		} {
			for _, width := range []int{390, 1280} {
				do1(t, ctx, chromedp.EmulateViewport(int64(width), 800), chromedp.Navigate(srv.URL+page.path), chromedp.WaitReady(page.ready))
				if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
					t.Errorf("%s is %d px wide in a %d px window", page.path, w, width)
				}
				if shots != "" {
					png := must(t, ctx, chromedp.FullScreenshot(80))
					os.WriteFile(filepath.Join(shots, page.shot+"-"+strconv.Itoa(width)+".jpg"), png, 0o644)
				}
			}
			axeCheck(t, ctx)
		}
	})
}

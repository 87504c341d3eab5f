package web

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// longDemands returns n demands with titles of 190–200 characters, the most a campaign
// allows being 200.
func longDemands(n int) []survey.Demand {
	const filler = "Kommunen och regionen ska garantera heltid som norm, trygga anställningar med " +
		"kollektivavtal, schyssta villkor i varje offentlig upphandling och en bemanning i " +
		"äldreomsorgen som utgår från behoven hos de äldre och inte från budgeten"
	ds := make([]survey.Demand, n)
	for i := range ds {
		t := []rune(fmt.Sprintf("%d. %s", i+1, filler))
		t = t[:200-i%3*5]
		ds[i] = survey.Demand{Key: "krav-" + strconv.Itoa(i+1), Area: "Område " + strconv.Itoa(i%4+1), Title: string(t)}
	}
	return ds
}

// resultsBrowserServer serves the real Echo with the published campaigns the print tests
// need: "resultat" (the demo campaign), "langa" (15 demands with 200-character titles)
// and "manga" (40 of them).
func resultsBrowserServer(t *testing.T) string {
	t.Helper()
	e, st := apiTestServer(t)
	resultsCampaign(t, st, "resultat", survey.StateClosed, 300, true, nil)
	for slug, n := range map[string]int{"langa": 15, "manga": 40} {
		resultsCampaign(t, st, slug, survey.StateClosed, 200, true, func(c *survey.Campaign) {
			c.Title = "Valet 2026 – LO-facken i Trondheimsmodellen: vilka krav ska partierna i kommunfullmäktige och regionfullmäktige svara på inför valet?"
			c.Demands, c.Questions, c.Workplaces, c.Method = longDemands(n), nil, nil, survey.MethodSchulze
		})
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv.URL
}

// printPDF prints the current page the way a browser's print dialog does: A4 from the
// page's own @page rule, or A4 paper (8.27×11.69 in) with the browser's default margins.
func printPDF(t *testing.T, ctx context.Context, cssSize bool) []byte {
	t.Helper()
	return must(t, ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		p := cdppage.PrintToPDFParams{PreferCSSPageSize: &cssSize}
		if !cssSize {
			w, h := 8.27, 11.69
			p.PaperWidth, p.PaperHeight = w, h
		}
		res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, p)
		return res.Data, err
	}))
}

// emulateMedia switches the tab to CSS media type media ("print"), or back with "".
func emulateMedia(t *testing.T, ctx context.Context, media string) {
	t.Helper()
	do1(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

func TestBrowserKravlistaOnePage(t *testing.T) {
	base := resultsBrowserServer(t)
	ctx := newTab(t, true)
	for _, tc := range []struct {
		name, path string
		items      int
		clamped    bool // titles cut to a few lines, the last resort
	}{
		{"Demo", "/r/resultat/kravlista?lang=sv", 10, false},
		{"DemoAll", "/r/resultat/kravlista?n=all", 16, false},
		{"LongTitles", "/r/langa/kravlista?n=15&lang=sv", 15, false},
		{"LongTitlesEnglish", "/r/langa/kravlista?n=15&lang=en", 15, false},
		{"FortyLongTitles", "/r/manga/kravlista?n=all&lang=sv", 40, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do1(t, ctx, chromedp.Navigate(base+tc.path), chromedp.WaitVisible(`.klist`))
			if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.klist li').length`)); n != tc.items {
				t.Fatalf("%d demands on the page, want %d", n, tc.items)
			}
			for _, css := range []bool{true, false} {
				pdf := printPDF(t, ctx, css)
				os.WriteFile(filepath.Join(os.TempDir(), "kravlistan-"+tc.name+".pdf"), pdf, 0o600) // for a look by hand
				if n := len(pdfPageRE.FindAll(pdf, -1)); n != 1 {
					t.Errorf("printed on %d pages (CSS page size %t), want one", n, css)
				}
				for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
					w, _ := strconv.ParseFloat(string(box[1]), 64)
					h, _ := strconv.ParseFloat(string(box[2]), 64)
					if math.Abs(w-595) > 1.5 || math.Abs(h-842) > 1.5 {
						t.Errorf("a page of %.1f×%.1f points, want A4 portrait (595×842)", w, h)
					}
				}
			}
			// In print, nothing but the sheet shows, and every title is there in full
			// unless the list is so long that the last resort cuts them, and then says so.
			emulateMedia(t, ctx, "print")
			hidden := must(t, ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('.top, .sheet-nav')].every(e => !e.offsetParent)`))
			if !hidden {
				t.Error("the language switch or the links print")
			}
			cut := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.kt')]
				.filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.textContent.slice(0, 40))`))
			if len(cut) > 0 && !tc.clamped {
				t.Errorf("titles cut: %q", cut)
			}
			if tc.clamped {
				note := must(t, ctx, chromedp.Evaluate[bool](`document.querySelector('.sheet footer').textContent.includes('förkortade')`))
				if len(cut) == 0 || !note {
					t.Errorf("clamped list: %d titles cut, note shown %t", len(cut), note)
				}
			}
			emulateMedia(t, ctx, "")
		})
	}
}

func TestBrowserResultsAccessible(t *testing.T) {
	base := resultsBrowserServer(t)
	ctx := newTab(t, true)
	for _, path := range []string{"/r/resultat?lang=sv", "/r/langa?lang=en", "/r/resultat/kravlista?lang=nb", "/r/stangd?lang=sv"} {
		do1(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(`h1`))
		axeCheck(t, ctx)
		// Only the page's own host: every stylesheet, script and image is same-origin.
		foreign := must(t, ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType('resource')
			.map(e => e.name).filter(u => !u.startsWith(location.origin))`))
		if len(foreign) > 0 {
			t.Errorf("%s loads from other hosts: %v", path, foreign)
		}
		if path == "/r/resultat?lang=sv" {
			// Phone width: the table scrolls inside its own region, the page does not.
			if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
				t.Errorf("%s is %d px wide at 390 px", path, w)
			}
			if got := must(t, ctx, chromedp.Text(`.answered`)); got != "300 medlemmar svarade." {
				t.Errorf("answered: %q", got)
			}
		}
		if strings.Contains(path, "stangd") {
			if got := must(t, ctx, chromedp.Text(`h1`)); got != "Resultaten är inte publicerade" {
				t.Errorf("unpublished page h1 %q", got)
			}
		}
	}
}

package web

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// partyBrowserServer serves a party fixture on a loopback port.
func partyBrowserServer(t *testing.T) (string, *partyFixture) {
	t.Helper()
	f := newPartyFixture(t)
	srv := httptest.NewServer(f.e)
	t.Cleanup(srv.Close)
	return srv.URL, f
}

// TestBrowserPartyAnswerPhone: a party representative answers on a phone (390×844, touch),
// saves a draft, comes back, submits, and finds the answers locked.
func TestBrowserPartyAnswerPhone(t *testing.T) {
	base, f := partyBrowserServer(t)
	tok := f.link(t, 4) // V
	ctx := newTab(t, true)
	id := func(i int) string { return strconv.FormatInt(f.items[i].ID, 10) }
	do1(t, ctx, chromedp.Navigate(base+"/p/"+tok+"?lang=sv"), chromedp.WaitVisible(`#q-`+id(0)))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Svar från Vänsterpartiet" {
		t.Errorf("h1 %q", got)
	}
	if wide := must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the answer page scrolls sideways on a phone")
	}
	axeCheck(t, ctx)
	do1(t, ctx,
		chromedp.Tap(`#q-`+id(0)+` .ch-ja`),
		chromedp.SendKeys(`#c-`+id(0), "Vi har drivit heltid i tio år."),
		chromedp.Tap(`#q-`+id(1)+` .ch-delvis`),
		chromedp.Tap(`button[value=save]`), chromedp.WaitVisible(`.flash`))
	if got := must(t, ctx, chromedp.Text(`.flash`)); got != "Utkastet är sparat." {
		t.Errorf("flash %q", got)
	}
	if !must(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#q-`+id(1)+` .ch-delvis input').checked`)) {
		t.Error("the draft does not show again")
	}
	// Submitting with one demand unanswered is refused next to that demand.
	do1(t, ctx, chromedp.Tap(`button[value=submit]`), chromedp.WaitVisible(`#errsum`))
	if got := must(t, ctx, chromedp.Text(`#q-`+id(2)+` .ferr`)); !strings.Contains(got, "svara Ja, Nej eller Delvis") {
		t.Errorf("error beside the demand: %q", got)
	}
	do1(t, ctx, chromedp.Tap(`#q-`+id(2)+` .ch-nej`), chromedp.Tap(`button[value=submit]`), chromedp.WaitVisible(`.locked`))
	if got := must(t, ctx, chromedp.Text(`.flash`)); got != "Tack! Svaren är inskickade." {
		t.Errorf("flash %q", got)
	}
	if n := must(t, ctx, chromedp.Nodes(`form.answer-form`, chromedp.AtLeast(0))); len(n) != 0 {
		t.Error("the form is still there after submitting")
	}
	axeCheck(t, ctx)
	a, _ := f.st.PartyAnswers(context.Background(), f.ps[4].ID)
	if a[f.items[0].ID].Value != survey.AnswerYes || a[f.items[0].ID].Comment != "Vi har drivit heltid i tio år." ||
		a[f.items[1].ID].Value != survey.AnswerPartly || a[f.items[2].ID].Value != survey.AnswerNo {
		t.Errorf("stored %+v", a)
	}
}

// TestBrowserPartyMatrix: the published matrix at 320, 390 and 1280 px: never wider than
// the window, every party's answer to every demand on screen or in the table's own scroll
// (with a hint), axe clean; the members' own filter sorts the parties by agreement and says
// so of a party that has not answered; the print version is A4 landscape at 9 pt or more
// with each majority on one line. KRAVLISTAN_SHOTS=DIR keeps screenshots and the PDF.
func TestBrowserPartyMatrix(t *testing.T) {
	base, f := partyBrowserServer(t)
	for _, i := range []int{0, 4, 7} {
		f.submit(t, i, survey.AnswerYes, "")
	}
	f.submit(t, 1, survey.AnswerNo, "Inte i nuläget")
	set, _ := f.st.PartySettings(context.Background(), f.camp.ID)
	ps := make([]survey.Party, len(f.ps))
	for i, p := range f.ps {
		ps[i] = p.Party
	}
	ps[6].Refused = true // L refuses
	if err := f.st.SaveParties(context.Background(), f.camp.ID, set.Assemblies[0], ps, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetPartiesPublished(context.Background(), f.camp.ID, true, true); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("KRAVLISTAN_SHOTS")
	if shots != "" {
		os.MkdirAll(shots, 0o755)
	}
	cells := len(f.items) * len(f.ps)
	for _, width := range []int{320, 390, 1280} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			ctx := newTab(t, true)
			if width == 1280 {
				do1(t, ctx, chromedp.EmulateViewport(1280, 800))
			} else {
				do1(t, ctx, chromedp.EmulateViewport(int64(width), 740, chromedp.EmulateMobile, chromedp.EmulateTouch))
			}
			do1(t, ctx, chromedp.Navigate(base+"/r/demo/partier?lang=sv"), chromedp.WaitReady(`#matrix-a1`), chromedp.WaitVisible(`#filter-a1`))
			if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > width {
				t.Errorf("the page is %d px wide in a %d px window", w, width)
			}
			// Every answer is shown (cards on a phone, the table on a laptop) and either
			// inside the window or in the table's own scroll, which then says so.
			seen := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.mcard li[data-party], #matrix-a1 td[data-party]')]
				.filter(e => e.getClientRects().length > 0 && /(Ja|Nej|Delvis|Har inte svarat|Vägrar svara)/.test(e.textContent))
				.filter(e => e.getBoundingClientRect().right <= innerWidth + 1 ||
					(e.closest('.mx-table') && !document.getElementById('scroll-hint-a1').hidden)).length`))
			if seen != cells {
				t.Errorf("%d of %d answers visible or reachable", seen, cells)
			}
			if width < 768 {
				if n := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.mcard')].filter(e => e.getClientRects().length).length`)); n != len(f.items) {
					t.Errorf("%d cards on a phone, want one per demand (%d)", n, len(f.items))
				}
			} else {
				// On the laptop the table takes the width of the window, not a 640 px column.
				if tw := must(t, ctx, chromedp.Evaluate[float64](`document.getElementById('matrix-a1').getBoundingClientRect().width`)); tw < 1000 {
					t.Errorf("the table is %.0f px wide on a 1280 px screen", tw)
				}
				sticky := must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#matrix-a1 tbody th')).position + ' ' + getComputedStyle(document.querySelector('#matrix-a1 thead th')).position`))
				if sticky != "sticky sticky" {
					t.Errorf("first column and header: %s, want sticky", sticky)
				}
			}
			m := `.mcard[data-item="` + strconv.FormatInt(f.items[0].ID, 10) + `"] li[data-party="` + strconv.FormatInt(f.ps[1].ID, 10) + `"]`
			if width >= 768 {
				m = `tr[data-item="` + strconv.FormatInt(f.items[0].ID, 10) + `"] td[data-party="` + strconv.FormatInt(f.ps[1].ID, 10) + `"]`
			}
			if got := must(t, ctx, chromedp.Text(m)); !strings.Contains(got, "✗") || !strings.Contains(got, "Nej") {
				t.Errorf("M's answer %q: want symbol and word", got)
			}
			if shots != "" {
				png := must(t, ctx, chromedp.FullScreenshot(80))
				os.WriteFile(filepath.Join(shots, "partier-"+strconv.Itoa(width)+".jpg"), png, 0o644)
			}
			axeCheck(t, ctx)
			if width != 390 {
				return
			}
			// Tick the first demand: the others hide, and the parties come in order of
			// agreement; SD never answered and L refuses, and the list says so.
			do1(t, ctx, chromedp.Click(`#filter-a1 input[data-item="`+strconv.FormatInt(f.items[0].ID, 10)+`"]`))
			lines := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#filter-a1 .filter-out li')].map(e => e.textContent)`))
			want := []string{"Socialdemokraterna, 107 mandat: instämmer i 1 av 1", "Vänsterpartiet, 24 mandat: instämmer i 1 av 1",
				"Miljöpartiet, 18 mandat: instämmer i 1 av 1", "Moderaterna, 68 mandat: instämmer i 0 av 1",
				"Sverigedemokraterna, 73 mandat: har inte svarat", "Centerpartiet, 24 mandat: har inte svarat",
				"Kristdemokraterna, 19 mandat: har inte svarat", "Liberalerna, 16 mandat: vägrar svara"}
			if strings.Join(lines, "\n") != strings.Join(want, "\n") {
				t.Errorf("filter says\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
			if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.mcard.hidden-row, #matrix-a1 tbody tr.hidden-row').length`)); n != 2*(len(f.items)-1) {
				t.Errorf("%d rows and cards hidden, want %d", n, 2*(len(f.items)-1))
			}
		})
	}
	t.Run("Print", func(t *testing.T) {
		ctx := newTab(t, true)
		checkMatrixPrint(t, ctx, base+"/r/demo/partier/utskrift?lang=sv", `#matrix-a1`, "#matrix-a1", shots, "partier-utskrift.pdf")
		if n := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.mcard')].filter(e => e.getClientRects().length).length`)); n != 0 {
			t.Errorf("%d cards print beside the table", n)
		}
		if w := must(t, ctx, chromedp.Evaluate[float64](`document.getElementById('matrix-a1').getBoundingClientRect().right`)); w > 1047 {
			t.Errorf("the printed table reaches %.0f px, wider than A4 landscape", w)
		}
		emulateMedia(t, ctx, "")
	})
	// "Så svarade partierna": A4 portrait for a workplace meeting, 9 pt or more.
	t.Run("AnswersDoc", func(t *testing.T) {
		ctx := newTab(t, true)
		do1(t, ctx, chromedp.Navigate(base+"/r/demo/partier/svar?lang=sv"), chromedp.WaitReady(`.adem`))
		if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.adem .alist2 li').length`)); n != cells {
			t.Errorf("%d answers on the page, want %d", n, cells)
		}
		if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			wide := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.outerHTML.slice(0, 120))`))
			t.Errorf("the page is %d px wide on a phone: %q", w, wide)
		}
		axeCheck(t, ctx)
		pdf := printPDF(t, ctx, true)
		if shots != "" {
			os.WriteFile(filepath.Join(shots, "partier-svar.pdf"), pdf, 0o644)
		}
		for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
			w, _ := strconv.ParseFloat(string(box[1]), 64)
			h, _ := strconv.ParseFloat(string(box[2]), 64)
			if math.Abs(w-595) > 1.5 || math.Abs(h-842) > 1.5 {
				t.Errorf("a page of %.1f×%.1f points, want A4 portrait (595×842)", w, h)
			}
		}
		emulateMedia(t, ctx, "print")
		small := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')]
			.filter(e => e.getClientRects().length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
			.filter(e => parseFloat(getComputedStyle(e).fontSize) < 12)
			.map(e => e.tagName + ' ' + getComputedStyle(e).fontSize + ' ' + e.textContent.trim().slice(0, 30))`))
		if len(small) > 0 {
			t.Errorf("text under 9 pt in print: %q", small)
		}
		emulateMedia(t, ctx, "")
	})
}

// TestBrowserPartyLetter: the organiser sets the deadline in the one settings form, makes a
// link, finds the copy button and the letter, and the letter prints alone on A4 portrait.
func TestBrowserPartyLetter(t *testing.T) {
	base, f := partyBrowserServer(t)
	pw := addUser(t, f.st, "ada", survey.RoleAdmin)
	shots := os.Getenv("KRAVLISTAN_SHOTS")
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "ada"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/demo/parties?lang=sv"), chromedp.WaitVisible(`#f-deadline`))
	if got := must(t, ctx, chromedp.Text(`.nextstep a`)); got != "Sätt sista svarsdag och skicka länkarna" {
		t.Errorf("next step %q", got)
	}
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	do1(t, ctx, chromedp.SetValue(`#f-deadline`, day), chromedp.Click(`form.settings button[type=submit]`),
		chromedp.WaitVisible(`form[action$="/links"] button`))
	do1(t, ctx, chromedp.Click(`#party-`+strconv.FormatInt(f.ps[0].ID, 10)+` form[action$="/links"] button`), chromedp.WaitVisible(`.letter`))
	if !must(t, ctx, chromedp.Evaluate[bool](`!document.getElementById('copy-link').hidden && !document.getElementById('print-letter').hidden`)) {
		t.Error("the copy or print button is hidden")
	}
	letter := must(t, ctx, chromedp.Text(`.letter`))
	for _, want := range []string{"Till Socialdemokraterna", "Svara senast " + longDay("sv", day), "Heltid som norm", "/p/"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	axeCheck(t, ctx)
	if shots != "" {
		os.MkdirAll(shots, 0o755)
		png := must(t, ctx, chromedp.FullScreenshot(80))
		os.WriteFile(filepath.Join(shots, "party-link-390.jpg"), png, 0o644)
	}
	pdf := printPDF(t, ctx, true)
	if shots != "" {
		os.WriteFile(filepath.Join(shots, "party-letter.pdf"), pdf, 0o644)
	}
	if n := len(pdfPageRE.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the letter prints on %d pages, want one", n)
	}
	for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if math.Abs(w-595) > 1.5 || math.Abs(h-842) > 1.5 {
			t.Errorf("a page of %.1f×%.1f points, want A4 portrait (595×842)", w, h)
		}
	}
	emulateMedia(t, ctx, "print")
	if shown := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main > *, .newlink > *, .abar')]
		.filter(e => e.getClientRects().length && !e.closest('.letter') && !e.classList.contains('newlink')).map(e => e.tagName + '.' + e.className)`)); len(shown) > 0 {
		t.Errorf("printing the letter also prints %q", shown)
	}
	emulateMedia(t, ctx, "")
}

// TestBrowserKravlistaPartyAnswers: once the party page is published, the printed demand
// list shows each party's answer under every demand the parties were asked, with a legend,
// and still prints on one A4 page (the top 10 and the whole list).
func TestBrowserKravlistaPartyAnswers(t *testing.T) {
	ctx := context.Background()
	e, st := apiTestServer(t)
	camp := resultsCampaign(t, st, "valet", survey.StateClosed, 300, true, nil)
	res, err := report.Compute(ctx, st, camp, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.InitParties(ctx, camp.ID); err != nil {
		t.Fatal(err)
	}
	var items []survey.ListItem
	for _, d := range res.Demands[:10] {
		items = append(items, survey.ListItem{DemandKey: d.Key, Title: d.Title, Rank: d.Rank, Picks: d.Picks, Share: d.Share})
	}
	if err := st.FreezeList(ctx, camp, items); err != nil {
		t.Fatal(err)
	}
	list, _ := st.PartyList(ctx, camp.ID)
	ps, _ := st.Parties(ctx, camp.ID)
	for i, v := range []survey.AnswerValue{survey.AnswerYes, survey.AnswerNo, survey.AnswerPartly} {
		as := make([]survey.Answer, len(list))
		for j, it := range list {
			as[j] = survey.Answer{ItemID: it.ID, Value: v}
		}
		if _, err := st.SavePartyAnswers(ctx, ps[i].ID, 0, as, true); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	tab := newTab(t, true)
	// Not public yet: no answers on the poster.
	do1(t, tab, chromedp.Navigate(srv.URL+"/r/valet/kravlista?lang=sv"), chromedp.WaitVisible(`.klist`))
	if n := must(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('.klist .ka').length`)); n != 0 {
		t.Fatalf("%d answer lines before the party page is published", n)
	}
	if err := st.SetPartiesPublished(ctx, camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("KRAVLISTAN_SHOTS")
	for _, path := range []string{"/r/valet/kravlista?lang=sv", "/r/valet/kravlista?n=all&lang=sv"} {
		do1(t, tab, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`.klist`))
		if n := must(t, tab, chromedp.Evaluate[int](`document.querySelectorAll('.klist .ka').length`)); n != 10 {
			t.Errorf("%s: %d demands with the parties' answers, want 10", path, n)
		}
		first := must(t, tab, chromedp.Text(`.klist li .ka`))
		if !strings.Contains(first, "S\u00a0✓") || !strings.Contains(first, "M\u00a0✗") || !strings.Contains(first, "SD\u00a0◐") || !strings.Contains(first, "C\u00a0–") {
			t.Errorf("answer line %q", first)
		}
		if !must(t, tab, chromedp.Evaluate[bool](`document.querySelector('.klegend').textContent.includes('✓ Ja')`)) {
			t.Error("no legend")
		}
		for _, css := range []bool{true, false} {
			pdf := printPDF(t, tab, css)
			if shots != "" && css {
				os.MkdirAll(shots, 0o755)
				os.WriteFile(filepath.Join(shots, "kravlista-partier-"+strconv.Itoa(len(path))+".pdf"), pdf, 0o644)
			}
			if n := len(pdfPageRE.FindAll(pdf, -1)); n != 1 {
				t.Errorf("%s prints on %d pages (CSS page size %t), want one", path, n, css)
			}
		}
	}
	axeCheck(t, tab)
}

// checkMatrixPrint prints the party page at url (ready once sel is) and checks what every
// printed matrix promises: A4 landscape pages, no text under 9 pt on the printed page, and
// each majority line of the tables matching table on one line. It leaves the tab emulating
// print at the printable width, for the caller's own checks.
func checkMatrixPrint(t *testing.T, ctx context.Context, url, sel, table, shots, shot string) {
	t.Helper()
	do1(t, ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(url), chromedp.WaitReady(sel))
	pdf := printPDF(t, ctx, true)
	if shots != "" {
		os.WriteFile(filepath.Join(shots, shot), pdf, 0o644)
	}
	for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if math.Abs(w-842) > 1.5 || math.Abs(h-595) > 1.5 {
			t.Errorf("a page of %.1f×%.1f points, want A4 landscape (842×595)", w, h)
		}
	}
	// The printable width of A4 landscape with 10 mm margins: 277 mm, 1047 CSS px.
	do1(t, ctx, chromedp.EmulateViewport(1047, 740))
	emulateMedia(t, ctx, "print")
	// 9 pt is 12 CSS px: no text on the printed page is smaller.
	small := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')]
		.filter(e => e.getClientRects().length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
		.filter(e => parseFloat(getComputedStyle(e).fontSize) < 12)
		.map(e => e.tagName + ' ' + getComputedStyle(e).fontSize + ' ' + e.textContent.trim().slice(0, 30))`))
	if len(small) > 0 {
		t.Errorf("text under 9 pt in print: %q", small)
	}
	// Each majority line is one line: its text has one line box.
	multi := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('`+table+` td.majcol')].filter(td => {
			const r = document.createRange(); r.selectNodeContents(td);
			return r.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(td).fontSize) }).map(td => td.textContent)`))
	if len(multi) > 0 {
		t.Errorf("majority lines broken over lines: %q", multi)
	}
}

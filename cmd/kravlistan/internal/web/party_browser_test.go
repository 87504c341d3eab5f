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

// TestBrowserPartyMatrix: the published matrix on a phone, with the members' own filter.
func TestBrowserPartyMatrix(t *testing.T) {
	base, f := partyBrowserServer(t)
	for _, i := range []int{0, 4, 7} {
		f.submit(t, i, survey.AnswerYes, "")
	}
	f.submit(t, 1, survey.AnswerNo, "Inte i nuläget")
	if err := f.st.SetPartiesPublished(context.Background(), f.camp.ID, true, true); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/r/demo/partier?lang=sv"), chromedp.WaitVisible(`#matrix`), chromedp.WaitVisible(`#filter`))
	row := `tr[data-item="` + strconv.FormatInt(f.items[0].ID, 10) + `"]`
	if got := must(t, ctx, chromedp.Text(row+` td[data-party="`+strconv.FormatInt(f.ps[1].ID, 10)+`"]`)); !strings.Contains(got, "✗") || !strings.Contains(got, "Nej") {
		t.Errorf("M's cell %q: want symbol and word", got)
	}
	axeCheck(t, ctx)
	// Tick the first demand: the others hide, and the count says S agrees with 1 of 1.
	do1(t, ctx, chromedp.Tap(`#filter input[data-item="`+strconv.FormatInt(f.items[0].ID, 10)+`"]`))
	out := must(t, ctx, chromedp.Text(`#filter-out`))
	if !strings.Contains(out, "Socialdemokraterna, 107 mandat: instämmer i 1 av 1") || !strings.Contains(out, "Moderaterna, 68 mandat: instämmer i 0 av 1") {
		t.Errorf("filter says %q", out)
	}
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#matrix tbody tr.hidden-row').length`)); n != 2 {
		t.Errorf("%d rows hidden, want 2", n)
	}
	landscape := `Array.from(document.styleSheets).some(s => Array.from(s.cssRules).some(r => /size:\s*a4 landscape/i.test(r.cssText)))`
	if !must(t, ctx, chromedp.Evaluate[bool](landscape)) {
		t.Error("no A4 landscape print rule")
	}
}

package web

import (
	"context"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// TestBrowserOrganiser signs in, creates a campaign from scratch, adds and reorders
// demands and opens it, in a real browser under the strict CSP, checking accessibility
// on the way.
func TestBrowserOrganiser(t *testing.T) {
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "olle", survey.RoleOrganiser)
	ctx := newTab(t, true)

	do1(t, ctx, chromedp.Navigate(base+"/admin?lang=sv"), chromedp.WaitVisible(`#password`))
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.SendKeys(`#name`, "olle"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
	if got := must(t, ctx, chromedp.Text(`.abar .who`)); !strings.Contains(got, "olle") {
		t.Fatalf("after sign-in: %q", got)
	}

	do1(t, ctx, chromedp.Click(`a[href="/admin/campaigns/new"]`), chromedp.WaitVisible(`#demand`))
	axeCheck(t, ctx)
	// First with an error: the values stay and the error sits beside the field.
	do1(t, ctx, chromedp.SendKeys(`#title`, "Valet 2026"), chromedp.Click(`form[action="/admin/campaigns"] button`),
		chromedp.WaitVisible(`#err-demand`))
	if got := must(t, ctx, chromedp.Value(`#title`)); got != "Valet 2026" {
		t.Errorf("title after error %q", got)
	}
	if got := must(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); got != "errsum" {
		t.Errorf("focus after error on %q, want the error summary", got)
	}
	do1(t, ctx, chromedp.SendKeys(`#demand`, "Heltid som norm"), chromedp.SendKeys(`#area`, "Trygga anställningar"),
		chromedp.Click(`form[action="/admin/campaigns"] button`), chromedp.WaitVisible(`#d-heltid-som-norm`))

	// Wait for the new demand itself: the previous page's flash would match too early.
	for _, title := range []string{"Avskaffa allmän visstid", "Bussar som passar skiften"} {
		do1(t, ctx, chromedp.SendKeys(`#title`, title), chromedp.Click(`form[action$="/demands"] button[type=submit]`),
			chromedp.WaitVisible(`#d-`+survey.Slugify(title, 60)))
	}
	// Move the last demand up with its button (keyboard: the button is focusable).
	do1(t, ctx, chromedp.Focus(`#d-bussar-som-passar-skiften form[action$="/move"] button`), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.items li:nth-child(2)#d-bussar-som-passar-skiften`))
	axeCheck(t, ctx)
	c := stored(t, st, "valet-2026")
	if keys(c) != "heltid-som-norm,bussar-som-passar-skiften,avskaffa-allman-visstid" || c.MaxPicks != 3 {
		t.Fatalf("demands %s, max %d", keys(c), c.MaxPicks)
	}

	do1(t, ctx, chromedp.Click(`.tabs a[href="/admin/campaigns/valet-2026"]`), chromedp.WaitVisible(`form.move`))
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.Click(`form.move button`), chromedp.WaitVisible(`.crumb .state-open`))
	if got := must(t, ctx, chromedp.Text(`.flash`)); !strings.Contains(got, "öppen") {
		t.Errorf("flash %q", got)
	}
	if c, _ := st.CampaignDoc(context.Background(), "valet-2026"); c.State != survey.StateOpen {
		t.Fatalf("state %s", c.State)
	}
	do1(t, ctx, chromedp.Navigate(base+"/s/valet-2026"), chromedp.WaitVisible(`#d-heltid-som-norm`))
}

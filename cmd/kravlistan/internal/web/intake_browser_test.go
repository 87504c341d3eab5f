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
	"github.com/google/uuid"
)

// intakeShot leaves a full-page screenshot in $KRAVLISTAN_SHOTS for a look by eye.
func intakeShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("KRAVLISTAN_SHOTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	png := must(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserProposalForm: a member sends a proposal from a workplace's link on a phone,
// first with a mistake, then right, and lands on the thank-you page.
func TestBrowserProposalForm(t *testing.T) {
	base, st, _ := browserServer(t)
	c := addIntakeCampaign(t, st)
	ctx := newTab(t, true)
	for _, w := range []int{320, 390} {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(base+"/s/inkorg/sjukhuset?lang=sv"), chromedp.WaitVisible(`#p-title`))
		if wide := must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
			t.Errorf("the proposal form is wider than %d px", w)
		}
		intakeShot(t, ctx, "propose-"+strconv.Itoa(w))
	}
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.SetValue(`#p-area`, "Välfärd och arbetsmiljö"), chromedp.Click(`#p-meeting`),
		chromedp.SendKeys(`#p-body`, "Bemanningen räcker inte."),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('p-title').removeAttribute('required')`),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`#errsum`))
	axeCheck(t, ctx)
	intakeShot(t, ctx, "propose-errors-390")
	if got := must(t, ctx, chromedp.Value(`#p-body`)); got != "Bemanningen räcker inte." {
		t.Errorf("body after the error %q", got)
	}
	if got := must(t, ctx, chromedp.Value(`#p-area`)); got != "Välfärd och arbetsmiljö" {
		t.Errorf("area after the error %q", got)
	}
	do1(t, ctx, chromedp.SendKeys(`#p-title`, "Fler undersköterskor i hemtjänsten"), chromedp.SendKeys(`#p-members`, "23"),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`.thanks`))
	axeCheck(t, ctx)
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Tack för ditt förslag!" {
		t.Errorf("thanks %q", got)
	}
	ps, err := st.Proposals(context.Background(), c.ID)
	if err != nil || len(ps) != 1 || ps[0].MeetingMembers != 23 || ps[0].Workplace != "sjukhuset" || ps[0].Area != "Välfärd och arbetsmiljö" {
		t.Fatalf("stored %+v %v", ps, err)
	}
	// The phone is not marked as having answered: the ranking round must still take it.
	if marked := must(t, ctx, chromedp.Evaluate[bool](`Object.keys(localStorage).some(k => k.includes('inkorg'))`)); marked {
		t.Error("the proposal marked the phone as having answered")
	}
	intakeShot(t, ctx, "propose-thanks-390")
	// "Föreslå ett krav till" opens the same workplace's form again, empty.
	do1(t, ctx, chromedp.Click(`.thanks a.btn`), chromedp.WaitVisible(`#p-title`))
	if got := must(t, ctx, chromedp.Evaluate[string](`location.pathname + '|' + document.getElementById('p-title').value`)); got != "/s/inkorg/sjukhuset|" {
		t.Errorf("the link to propose another leads to %q", got)
	}
}

// TestBrowserProposalFormNoJavaScript sends a proposal from a browser with JavaScript off.
func TestBrowserProposalFormNoJavaScript(t *testing.T) {
	base, st, _ := browserServer(t)
	c := addIntakeCampaign(t, st)
	ctx := newTab(t, false)
	do1(t, ctx, chromedp.Navigate(base+"/s/inkorg?lang=sv"), chromedp.WaitVisible(`#p-title`),
		chromedp.SendKeys(`#p-title`, "Gratis busskort för unga"), chromedp.SendKeys(`#p-body`, "Under 20 ska åka gratis."),
		chromedp.Click(`button.send`), chromedp.WaitVisible(`.thanks`))
	if got := must(t, ctx, chromedp.Text(`h1`)); got != "Tack för ditt förslag!" {
		t.Errorf("thanks %q", got)
	}
	ps, err := st.Proposals(context.Background(), c.ID)
	if err != nil || len(ps) != 1 || ps[0].Title != "Gratis busskort för unga" || ps[0].Area != "" || ps[0].Workplace != "" {
		t.Fatalf("stored %+v %v", ps, err)
	}
}

// TestBrowserInbox walks the organisers' inbox on a laptop: tick a proposal and those like
// it, merge them into a new demand with edited wording, undo, and set one aside.
func TestBrowserInbox(t *testing.T) {
	base, st, _ := browserServer(t)
	c := addIntakeCampaign(t, st)
	pw := addUser(t, st, "olle", survey.RoleOrganiser)
	grant(t, st, "olle", "inkorg")
	ctx := context.Background()
	var ids []string
	for _, p := range []struct{ title, area, wp string }{
		{"Heltid som norm", "Trygga anställningar", "sjukhuset"}, {"Rätt till heltid", "Trygga anställningar", "hemtjansten-norr"},
		{"Heltid åt alla i kommunen", "", "sjukhuset"}, {"Gratis busskort för unga", "", ""},
	} {
		pr := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: p.title, Area: p.area, Workplace: p.wp, Day: "2026-03-01"}
		if _, err := st.SubmitProposal(ctx, c.ID, pr); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.ID.String())
	}
	tab := newTab(t, true)
	do1(t, tab, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "olle"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`),
		chromedp.Navigate(base+"/admin/campaigns/inkorg/demands"), chromedp.WaitVisible(`a[href$="/proposals"]`),
		chromedp.Click(`a[href$="/proposals"]`), chromedp.WaitVisible(`#inbox`))
	axeCheck(t, tab)
	intakeShot(t, tab, "inbox-1280")
	do1(t, tab, chromedp.Click(`#p-`+ids[0]+` a[href*="liknande"]`), chromedp.WaitVisible(`#c-`+ids[0]+`:checked`))
	for i, id := range ids {
		checked := must(t, tab, chromedp.Evaluate[bool](`document.getElementById('c-`+id+`').checked`))
		if checked != (i < 3) {
			t.Errorf("proposal %d ticked %v", i, checked)
		}
	}
	do1(t, tab, chromedp.SetValue(`#into`, "new"), chromedp.Click(`#actions button.btn`), chromedp.WaitVisible(`#title`))
	axeCheck(t, tab)
	intakeShot(t, tab, "merge-1280")
	do1(t, tab, chromedp.Clear(`#title`), chromedp.SendKeys(`#title`, "Heltid som norm för alla"),
		chromedp.Click(`form.stack button[type=submit]`), chromedp.WaitVisible(`.flash`))
	axeCheck(t, tab)
	camp, _ := st.Campaign(ctx, "inkorg")
	if _, ok := camp.Demand("heltid-som-norm-for-alla"); !ok {
		t.Fatal("the merged demand is missing")
	}
	pv, _ := st.Provenance(ctx, c.ID)
	if pv["heltid-som-norm-for-alla"].Proposals != 3 {
		t.Fatalf("provenance %+v", pv)
	}
	// Undo from the flash, then set the bus proposal aside.
	do1(t, tab, chromedp.Click(`form.undo button`), chromedp.WaitVisible(`#c-`+ids[1]))
	if pv, _ := st.Provenance(ctx, c.ID); len(pv) != 0 {
		t.Errorf("after undo %+v", pv)
	}
	do1(t, tab, chromedp.Click(`#c-`+ids[3]), chromedp.SendKeys(`#reason`, "Beslutas av regionen"),
		chromedp.Click(`button[formaction$="/aside"]`), chromedp.WaitNotPresent(`#c-`+ids[3]))
	ps, _ := st.Proposals(ctx, c.ID)
	for _, p := range ps {
		if p.ID.String() == ids[3] && (p.Status != survey.ProposalAside || !strings.Contains(p.Reason, "regionen")) {
			t.Errorf("bus proposal %+v", p)
		}
	}
}

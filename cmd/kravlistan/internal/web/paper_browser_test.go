package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// TestBrowserPaperAndCalls drives the paper and telephone pages in chromium as an
// organiser: the ranking ballot and the call sheet print on one or two A4 pages whose text
// (read back with pdftotext) holds every demand, the rules and the background questions;
// a ballot is typed with the keyboard alone (Enter shows it, Enter saves it); axe checks
// the batch and call pages.
func TestBrowserPaperAndCalls(t *testing.T) {
	_, err := exec.LookPath("pdftotext")
	requireTool(t, "pdftotext (poppler-utils)", err)
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "olle", survey.RoleOrganiser)
	grant(t, st, "olle", "demo")
	// One tab per scenario; the tabs share the browser's cookies, so the first signs in.
	signedIn := false
	tab := func() context.Context {
		ctx := newTab(t, true)
		do1(t, ctx, chromedp.EmulateViewport(1280, 900))
		if !signedIn {
			do1(t, ctx, chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
				chromedp.SendKeys(`#name`, "olle"), chromedp.SendKeys(`#password`, pw),
				chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))
			signedIn = true
		}
		return ctx
	}

	dir := t.TempDir()
	if out := os.Getenv("KRAVLISTAN_SHOTS"); out != "" {
		dir = out
	}
	demo := survey.Demo()
	printed := func(name, path, waitFor string, want ...string) {
		t.Helper()
		ctx := tab()
		do1(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(waitFor))
		axeCheck(t, ctx)
		pdf := printPDF(t, ctx, true)
		if n := len(pdfPageRE.FindAll(pdf, -1)); n < 1 || n > 2 {
			t.Errorf("%s prints on %d pages, want one or two", name, n)
		}
		file := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-raw", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", name, err)
		}
		// Words only: lines break anywhere.
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, d := range demo.VisibleDemands() {
			want = append(want, d.Title)
		}
		for _, s := range want {
			if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s: the PDF lacks %q:\n%s", name, s, text)
			}
		}
	}
	printed("paper-ballot-rank", "/admin/campaigns/demo/paper?workplace=sjukhuset", ".pb-rank",
		"Skriv 1 i rutan vid det krav som är viktigast för dig", "Arbetsplats: Universitetssjukhuset, vårdavdelningarna",
		"Om dig (frivilligt)", "Vilket förbund är du medlem i?", "Transportarbetareförbundet", "60 år eller äldre", "Anonymt: skriv inte ditt namn")
	printed("call-sheet", "/admin/campaigns/demo/call/sheet?language=en", ".cs-grid",
		"Call sheet", "Demand numbers in order", "Ask the member to choose at most 5 demands", "Write no names or telephone numbers")

	// Keyboard only: open a batch of one, type a ballot, Enter, Enter.
	ctx := tab()
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/demo/paper/batches"), chromedp.WaitVisible(`#cover`))
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.SendKeys(`#cover`, "1\r"), chromedp.WaitVisible(`#line`))
	focusOn(t, ctx, "line", "after opening the batch")
	do1(t, ctx, chromedp.SendKeys(`#line`, "3 7 1 / 8\r"), chromedp.WaitVisible(`.pe-preview`))
	if got := must(t, ctx, chromedp.Text(`.pe-preview`)); !strings.Contains(got, "Stopp för missbruk av bemanningsföretag") || !strings.Contains(got, "Kommunal") {
		t.Errorf("preview %q", got)
	}
	focusOn(t, ctx, "line", "after the preview")
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.SendKeys(`#line`, "\r"), chromedp.WaitVisible(`.flash`))
	if got := must(t, ctx, chromedp.Text(`.flash`)); got != "Blanketten är sparad." {
		t.Errorf("after the second Enter: %q", got)
	}
	if got := must(t, ctx, chromedp.Text(`.pe-list`)); !strings.Contains(got, "3 7 1 / 8") {
		t.Errorf("typed ballots: %q", got)
	}
	screenshot(t, ctx, "paper-batch-1280")
	for _, w := range []int64{320, 390} {
		do1(t, ctx, chromedp.EmulateViewport(w, 800))
		screenshot(t, ctx, fmt.Sprintf("paper-batch-%d", w))
	}
	do1(t, ctx, chromedp.EmulateViewport(1280, 900))
	// Two passes typed by others, one ballot different: the comparison side by side.
	c := context.Background()
	camp, _ := st.Campaign(c, "demo")
	b := &survey.PaperBatch{Workplace: "bussdepan", Channel: survey.ChannelPaper, Cover: 2, Double: true, Day: "2026-03-02"}
	if err := st.CreatePaperBatch(c, camp.ID, b); err != nil {
		t.Fatal(err)
	}
	for pass, lines := range [][]string{{"3 7 1 / 8", "2"}, {"3 7 1 / 8", "4 12"}} {
		name := fmt.Sprintf("typist%d", pass+1)
		addUser(t, st, name, survey.RoleOrganiser)
		u, _, _ := st.UserByName(c, name)
		if err := st.ClaimPaperPass(c, camp.ID, b.ID, pass, u.ID); err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if err := st.AddPaperLine(c, b.ID, pass, survey.PaperLine{Line: l}); err != nil {
				t.Fatal(err)
			}
		}
	}
	do1(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/admin/campaigns/demo/paper/batches/%d", base, b.ID)), chromedp.WaitVisible(`.pe-cmp`))
	if got := must(t, ctx, chromedp.Text(`#seq-2`)); !strings.Contains(got, "2") || !strings.Contains(got, "4 12") {
		t.Errorf("the mismatch row reads %q", got)
	}
	axeCheck(t, ctx)
	screenshot(t, ctx, "paper-compare-1280")
	do1(t, ctx, chromedp.EmulateViewport(390, 800))
	screenshot(t, ctx, "paper-compare-390")
	do1(t, ctx, chromedp.EmulateViewport(1280, 900))

	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/demo/call"), chromedp.WaitVisible(`#line`))
	axeCheck(t, ctx)
	screenshot(t, ctx, "call-1280")
	do1(t, ctx, chromedp.EmulateViewport(320, 800))
	screenshot(t, ctx, "call-320")
}

// focusOn waits (up to 5 s) for the element with id to have the focus: the page moves it
// there after load (autofocus or script), which a loaded machine may run after the element
// is already visible.
func focusOn(t *testing.T, ctx context.Context, id, when string) {
	t.Helper()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	js := `document.activeElement && document.activeElement.id === ` + strconv.Quote(id)
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		got := must(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
		t.Errorf("%s the focus is on %q, want %q", when, got, id)
	}
}

package web

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserSlips makes a batch of 30 slips as an organiser in chromium, prints them to
// PDF (two A4 pages: 24 slips and 6), renders the pages to PNG with pdftoppm and reads
// every QR code back with zbarimg: each must be the link of its own slip's code.
func TestBrowserSlips(t *testing.T) {
	_, err := exec.LookPath("pdftoppm")
	requireTool(t, "pdftoppm (poppler-utils)", err)
	_, err = exec.LookPath("zbarimg")
	requireTool(t, "zbarimg (zbar-tools)", err)
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "olle", survey.RoleOrganiser)
	grant(t, st, "olle", "demo")

	ctx := newTab(t, true)
	do1(t, ctx, chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "olle"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`),
		chromedp.Navigate(base+"/admin/campaigns/demo/codes"), chromedp.WaitVisible(`#n`))
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.SetValue(`#workplace`, "sjukhuset"), chromedp.SetValue(`#n`, "30"), chromedp.SetValue(`#lang`, "en"),
		chromedp.Click(`form[aria-labelledby=h-new] button[type=submit]`), chromedp.WaitVisible(`.sheet .slip svg`))
	axeCheck(t, ctx)
	codes := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.slip-code')].map(e => e.textContent)`))
	if len(codes) != 30 {
		t.Fatalf("%d slips, want 30", len(codes))
	}
	if got := must(t, ctx, chromedp.Evaluate[string](`document.querySelector('.slip .slip-label').textContent`)); got != "Your code" {
		t.Errorf("slip label %q, want the slips in English", got)
	}
	for _, w := range []int{320, 390, 1280} {
		do1(t, ctx, chromedp.EmulateViewport(int64(w), 900))
		screenshot(t, ctx, "slips-"+strconv.Itoa(w))
	}
	yes := true
	pdf := must(t, ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
		return res.Data, err
	}))
	if n := len(pdfPageRE.FindAll(pdf, -1)); n != 2 {
		t.Fatalf("30 slips print on %d pages, want 2 (24 a page)", n)
	}
	for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if math.Abs(w-595) > 1 || math.Abs(h-842) > 1 {
			t.Errorf("a page of %.1f×%.1f points, want A4 portrait (595×842)", w, h)
		}
	}
	dir := t.TempDir()
	if out := os.Getenv("KRAVLISTAN_SHOTS"); out != "" {
		dir = out
	}
	pdfPath := filepath.Join(dir, "slips.pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "300", "-png", pdfPath, filepath.Join(dir, "slips")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "slips-*.png"))
	if len(pages) != 2 {
		t.Fatalf("pdftoppm made %v", pages)
	}
	slices.Sort(pages)
	want := map[string]bool{}
	for _, c := range codes {
		want[base+"/s/demo/sjukhuset?kod="+c] = true
	}
	for i, page := range pages {
		// zbarimg now and then misses one code of 24 on a page; a second rendering at
		// another resolution reads it, so the union of both must hold every slip.
		other := filepath.Join(dir, fmt.Sprintf("again-%d", i+1))
		if out, err := exec.Command("pdftoppm", "-r", "220", "-png", "-singlefile", "-f", strconv.Itoa(i+1), "-l", strconv.Itoa(i+1), pdfPath, other).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		seen := map[string]bool{}
		var links []string
		for _, img := range []string{page, other + ".png"} {
			out, err := exec.Command("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", img).Output()
			if err != nil && len(out) == 0 {
				t.Fatalf("zbarimg %s: %v", img, err)
			}
			for _, l := range strings.Fields(string(out)) {
				if !seen[l] {
					seen[l] = true
					links = append(links, l)
				}
			}
		}
		if wantN := []int{24, 6}[i]; len(links) != wantN {
			t.Errorf("page %d: %d QR codes read, want %d", i+1, len(links), wantN)
		}
		for _, l := range links {
			if !want[l] {
				t.Errorf("page %d: QR code %q is no slip's link", i+1, l)
			}
			delete(want, l)
		}
	}
	if len(want) > 0 {
		t.Errorf("%d slips' QR codes were not read back", len(want))
	}
}

// TestBrowserMemberCode answers a codes campaign from a slip's link with JavaScript, then
// without JavaScript by typing the code after a first try without it; a used code is
// refused with the choices kept.
func TestBrowserMemberCode(t *testing.T) {
	base, st, _ := browserServer(t)
	_, codes := codesCampaign(t, st, "verkstaden", 3)

	t.Run("JavaScript", func(t *testing.T) {
		ctx := newTab(t, true)
		do1(t, ctx, chromedp.Navigate(base+"/s/koder/verkstaden?kod="+strings.ToLower(codes[0])), chromedp.WaitVisible(`#d-heltid .pick`))
		if got := must(t, ctx, chromedp.Value(`#code`)); got != survey.FormatCode(codes[0]) {
			t.Errorf("code field %q, want %s", got, survey.FormatCode(codes[0]))
		}
		for _, w := range []int{320, 390, 1280} {
			do1(t, ctx, chromedp.EmulateViewport(int64(w), 900))
			screenshot(t, ctx, "member-code-"+strconv.Itoa(w))
		}
		do1(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
		axeCheck(t, ctx)
		id := must(t, ctx, chromedp.Value(`input[name=id]`))
		do1(t, ctx, chromedp.Tap(`#d-heltid .pick`), chromedp.Tap(`#d-visstid .pick`), chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
		if r := storedResponse(t, st, id); r.Workplace != "verkstaden" || !slices.Equal(r.Ranking, []string{"heltid", "visstid"}) {
			t.Errorf("stored %+v", r)
		}
		// The same slip again, another answer: refused, the choice kept.
		do1(t, ctx, chromedp.Navigate(base+"/s/koder/verkstaden?lang=sv&kod="+codes[0]), chromedp.WaitVisible(`#d-bemanning .pick`),
			chromedp.Tap(`#d-bemanning .pick`), chromedp.Tap(`button.send`), chromedp.WaitVisible(`#errsum`))
		if got := must(t, ctx, chromedp.Text(`#errsum`)); !strings.Contains(got, "Koden är redan använd") {
			t.Errorf("error summary %q", got)
		}
		if got := must(t, ctx, chromedp.Value(`#r-bemanning`)); got != "1" {
			t.Errorf("the choice was lost: rank %q", got)
		}
		screenshot(t, ctx, "member-code-used")
		axeCheck(t, ctx)
	})

	t.Run("NoJavaScript", func(t *testing.T) {
		ctx := newTab(t, false)
		do1(t, ctx, chromedp.Navigate(base+"/s/koder?lang=nb"), chromedp.WaitVisible(`#code`))
		id := must(t, ctx, chromedp.Value(`input[name=id]`))
		do1(t, ctx, chromedp.SetValue(`#r-busslinjer`, "1"), chromedp.Tap(`button.send`), chromedp.WaitVisible(`#errsum`))
		if got := must(t, ctx, chromedp.Text(`#e-code`)); !strings.Contains(got, "skriv inn koden") {
			t.Errorf("code error %q", got)
		}
		if got := must(t, ctx, chromedp.Value(`#r-busslinjer`)); got != "1" {
			t.Errorf("the choice was lost: %q", got)
		}
		noJSAxe(t, base+"/s/koder?lang=nb")
		// Typed by hand: lower case, a space instead of the dash, O for 0 would do too.
		typed := strings.ToLower(codes[1][:4] + " " + codes[1][4:])
		do1(t, ctx, chromedp.SendKeys(`#code`, typed), chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
		if r := storedResponse(t, st, id); r.Workplace != "verkstaden" || !slices.Equal(r.Ranking, []string{"busslinjer"}) {
			t.Errorf("stored %+v", r)
		}
	})
}

// TestBrowserOpenRemembers: after answering an open campaign the phone says so on a
// return visit, with a button to answer anyway; no cookie is set.
func TestBrowserOpenRemembers(t *testing.T) {
	base, _, _ := browserServer(t)
	ctx := newTab(t, true)
	do1(t, ctx, chromedp.Navigate(base+"/s/demo"), chromedp.WaitVisible(`#d-heltid .pick`))
	if must(t, ctx, chromedp.Evaluate[bool](`document.getElementById('answered').hidden`)) != true {
		t.Error("a first visit says the phone has answered")
	}
	do1(t, ctx, chromedp.Tap(`#d-heltid .pick`), chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))
	if n := must(t, ctx, chromedp.Nodes(`.notice a.btn`, chromedp.AtLeast(0))); len(n) != 0 {
		t.Error("the thank-you page still offers to answer again")
	}
	do1(t, ctx, chromedp.Navigate(base+"/s/demo"), chromedp.WaitVisible(`#answered`))
	if !must(t, ctx, chromedp.Evaluate[bool](`document.getElementById('f').hidden`)) {
		t.Error("the form is shown although the phone has answered")
	}
	screenshot(t, ctx, "member-answered")
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.Tap(`#answer-anyway`), chromedp.WaitVisible(`#d-heltid .pick`))
	if got := must(t, ctx, chromedp.Evaluate[string](`document.cookie`)); got != "" {
		t.Errorf("cookies: %q", got)
	}
}

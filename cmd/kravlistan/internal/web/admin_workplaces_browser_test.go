package web

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pdfPageRE finds the page objects of a PDF (not the /Pages tree nodes).
var pdfPageRE = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// mediaBoxRE finds a page size in points.
var mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)`)

// TestBrowserWorkplacesProgressPosters imports workplaces from an .xlsx in a real browser,
// opens the campaign, answers it as a member in a second tab, watches the count rise on the
// progress page without a reload, and prints the posters to PDF: one page per workplace.
func TestBrowserWorkplacesProgressPosters(t *testing.T) {
	base, st, _ := browserServer(t)
	pw := addUser(t, st, "olle", survey.RoleOrganiser)
	camp := survey.Demo()
	camp.Slug, camp.Title, camp.State, camp.Workplaces = "fabriken", "Kraven på Fabriken", survey.StateDraft, nil
	if err := st.CreateCampaign(context.Background(), camp); err != nil {
		t.Fatal(err)
	}
	grant(t, st, "olle", "fabriken")
	xlsxPath := filepath.Join(t.TempDir(), "arbetsplatser.xlsx")
	if err := os.WriteFile(xlsxPath, xlsxFile(t, [][]string{
		{"Arbetsplats", "Kod"}, {"Monteringen", "montering"}, {"Lagret i Öresund", ""}, nil, {"Kontoret", ""},
	}), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := newTab(t, true)
	do1(t, ctx, chromedp.EmulateViewport(1024, 768), // a tablet on its side
		chromedp.Navigate(base+"/admin/login?lang=sv"), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "olle"), chromedp.SendKeys(`#password`, pw),
		chromedp.Click(`form button[type=submit]`), chromedp.WaitVisible(`.abar`))

	// Import: choose the file, preview, confirm.
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/fabriken/workplaces"), chromedp.WaitVisible(`a[href$="/upload?kind=workplaces"]`),
		chromedp.Click(`a[href$="/upload?kind=workplaces"]`), chromedp.WaitVisible(`#file`),
		chromedp.SetUploadFiles(`#file`, []string{xlsxPath}),
		chromedp.Click(`form[enctype] button[type=submit]`), chromedp.WaitVisible(`#confirm`))
	if got := must(t, ctx, chromedp.Text(`#confirm`)); got != "Spara 3 arbetsplatser" {
		t.Errorf("confirm button %q", got)
	}
	axeCheck(t, ctx)
	do1(t, ctx, chromedp.Click(`#confirm`), chromedp.WaitVisible(`.flash`))
	axeCheck(t, ctx)
	c := storedDoc(t, st, "fabriken")
	if len(c.Workplaces) != 3 || c.Workplaces[1].Code != "lagret-i-oresund" {
		t.Fatalf("workplaces %+v", c.Workplaces)
	}

	// Open the campaign from its overview.
	do1(t, ctx, chromedp.Click(`.tabs a[href="/admin/campaigns/fabriken"]`), chromedp.WaitVisible(`form.move`),
		chromedp.Click(`form.move button`), chromedp.WaitVisible(`.flash`))
	if c := storedDoc(t, st, "fabriken"); c.State != survey.StateOpen {
		t.Fatalf("state %s", c.State)
	}

	// The progress page, polling every second; a marker shows it never reloads.
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/fabriken/progress?poll=1000"), chromedp.WaitVisible(`#p-total`))
	axeCheck(t, ctx)
	must(t, ctx, chromedp.Evaluate[bool](`window.notReloaded = true`))
	if got := must(t, ctx, chromedp.Text(`#p-total`)); got != "0" {
		t.Fatalf("total before answering %q", got)
	}

	member := newTab(t, true)
	do1(t, member, chromedp.Navigate(base+"/s/fabriken/lagret-i-oresund"), chromedp.WaitVisible(`#d-heltid .pick`),
		chromedp.Tap(`#d-heltid .pick`), chromedp.Tap(`button.send`), chromedp.WaitVisible(`.notice h1`))

	deadline := time.Now().Add(10 * time.Second)
	for must(t, ctx, chromedp.Text(`#p-total`)) != "1" {
		if time.Now().After(deadline) {
			t.Fatal("the count did not rise to 1 without a reload")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !must(t, ctx, chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Error("the page reloaded")
	}
	// The workplace table follows the snapshot: one answer (under the threshold) must not
	// show where it came from.
	if got := must(t, ctx, chromedp.Text(`#p-wp`)); !strings.Contains(got, "Lagret i Öresund\t0") || strings.Contains(got, "färre än") {
		t.Errorf("workplace table after the answer: %q", got)
	}

	// Every poster on its own A4 sheet.
	do1(t, ctx, chromedp.Navigate(base+"/admin/campaigns/fabriken/posters"), chromedp.WaitVisible(`.poster svg`))
	axeCheck(t, ctx)
	yes := true
	pdf := must(t, ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: &yes})
		return res.Data, err
	}))
	if n := len(pdfPageRE.FindAll(pdf, -1)); n != 3 {
		t.Errorf("the posters print on %d pages, want 3 (one per workplace)", n)
	}
	os.WriteFile(filepath.Join(os.TempDir(), "kravlistan-posters.pdf"), pdf, 0o600) // for a look by hand
	// A4 portrait is 595×842 points.
	for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if math.Abs(w-595) > 1 || math.Abs(h-842) > 1 {
			t.Errorf("a page of %.1f×%.1f points, want A4 portrait (595×842)", w, h)
		}
	}
}

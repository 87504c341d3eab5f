package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"kravlistan/survey"

	"github.com/chromedp/chromedp"
)

// posterDemands returns n demands with titles of ordinary length (30–90 characters).
func posterDemands(n int) []survey.Demand {
	base := survey.Demo().Demands
	ds := make([]survey.Demand, n)
	for i := range ds {
		d := base[i%len(base)]
		if i >= len(base) {
			d.Title = fmt.Sprintf("%s i hela regionen (%d)", d.Title, i+1)
		}
		d.Key = "k" + strconv.Itoa(i+1)
		d.Hidden = false
		ds[i] = d
	}
	return ds
}

// testLogo is a 240×80 PNG.
func testLogo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 80))
	for y := range 80 {
		for x := range 240 {
			img.Set(x, y, color.RGBA{R: 0xa4, A: 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// inkExtent renders page 1 of pdf with pdftoppm and returns the top and bottom of the
// printed ink as fractions of the page height, and the PNG for a look by eye.
func inkExtent(t *testing.T, pdf []byte, name string) (top, bottom float64) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "p.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := exec.LookPath("pdftoppm")
	requireTool(t, "pdftoppm (poppler-utils)", err)
	if out, err := exec.Command("pdftoppm", "-r", "40", "-gray", "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	exec.Command("pdftoppm", "-r", "60", "-png", "-singlefile", in, filepath.Join(os.TempDir(), "kravlistan-poster-"+name)).Run()
	f, err := os.Open(filepath.Join(dir, "p.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil || magic != "P5" {
		t.Fatalf("pgm header %q %v", magic, err)
	}
	r.ReadByte() // the single whitespace after the header
	px := make([]byte, w*h)
	if _, err := io.ReadFull(r, px); err != nil {
		t.Fatal(err)
	}
	first, last := -1, -1
	for y := range h {
		for x := range w {
			if px[y*w+x] < 128 {
				if first < 0 {
					first = y
				}
				last = y
				break
			}
		}
	}
	if first < 0 {
		t.Fatal("blank page")
	}
	return float64(first) / float64(h), float64(last+1) / float64(h)
}

// TestBrowserPosterFillsPage prints "Våra krav till partierna" for 3, 10 and 20 demands on
// A4 and as an A3 poster: one page of the right size, the printing spanning at least 70 %
// of the page's height, the type larger for a short list, with the sender, its logo, the
// election day, the call to action and a QR code that leads to the results.
func TestBrowserPosterFillsPage(t *testing.T) {
	e, st := apiTestServer(t)
	ctx0 := context.Background()
	for _, n := range []int{3, 10, 20} {
		c := resultsCampaign(t, st, "p"+strconv.Itoa(n), survey.StateClosed, 200, true, func(c *survey.Campaign) {
			c.Title, c.Demands, c.MaxPicks = "Valet 2026 i Göteborg", posterDemands(n), min(5, n)
		})
		if err := st.SavePoster(ctx0, c.ID, survey.Poster{Sender: "LO-distriktet i Västsverige", ElectionDay: "2026-09-13"}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPosterLogo(ctx0, c.ID, "image/png", testLogo(t)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	ctx := newTab(t, true)
	sizes := map[int]float64{}
	for _, n := range []int{3, 10, 20} {
		for _, paper := range []string{"a4", "a3"} {
			name := fmt.Sprintf("%d-%s", n, paper)
			t.Run(name, func(t *testing.T) {
				path := fmt.Sprintf("/r/p%d/kravlista?n=all&lang=sv", n)
				if paper == "a3" {
					path += "&paper=a3"
				}
				do1(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`.klist`))
				if got := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.klist li').length`)); got != n {
					t.Fatalf("%d demands, want %d", got, n)
				}
				for what, js := range map[string]string{
					"sender":       `document.querySelector('.sender').textContent === 'LO-distriktet i Västsverige'`,
					"logo":         `(i => i && i.complete && i.naturalWidth === 240)(document.querySelector('.from img'))`,
					"election day": `document.querySelector('.kicker').textContent.includes('Valet 13 september 2026')`,
					"answers":      `document.querySelector('.lead').textContent.includes('200 medlemmar svarade')`,
					"how":          `document.querySelector('.how').textContent.includes('öppen länk')`,
					"call":         `document.querySelector('.call').textContent.length > 10`,
					"QR code":      `!!document.querySelector('.qr svg path')`,
					"results link": `document.querySelector('.qrurl').textContent === location.origin + '/r/p` + strconv.Itoa(n) + `'`,
				} {
					if !must(t, ctx, chromedp.Evaluate[bool](js)) {
						t.Errorf("the poster lacks its %s", what)
					}
				}
				emulateMedia(t, ctx, "print")
				sizes[n] = must(t, ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector('.klist')).fontSize)`))
				emulateMedia(t, ctx, "")
				pdf := printPDF(t, ctx, true)
				if got := len(pdfPageRE.FindAll(pdf, -1)); got != 1 {
					t.Errorf("printed on %d pages, want one", got)
				}
				wantW, wantH := 595.0, 842.0
				if paper == "a3" {
					wantW, wantH = 842, 1191
				}
				for _, box := range mediaBoxRE.FindAllSubmatch(pdf, -1) {
					w, _ := strconv.ParseFloat(string(box[1]), 64)
					h, _ := strconv.ParseFloat(string(box[2]), 64)
					if math.Abs(w-wantW) > 1.5 || math.Abs(h-wantH) > 1.5 {
						t.Errorf("a page of %.0f×%.0f points, want %s (%.0f×%.0f)", w, h, paper, wantW, wantH)
					}
				}
				top, bottom := inkExtent(t, pdf, name)
				if bottom-top < 0.7 {
					t.Errorf("the printing spans %.0f %% of the page height (%.0f–%.0f %%), want at least 70 %%", (bottom-top)*100, top*100, bottom*100)
				}
				t.Logf("%s: printing spans %.0f %% of the page (%.0f–%.0f %%), list type %.1f px", name, (bottom-top)*100, top*100, bottom*100, sizes[n])
				if paper == "a4" {
					// Printed from the browser's dialog on A4 paper it is one page too.
					if got := len(pdfPageRE.FindAll(printPDF(t, ctx, false), -1)); got != 1 {
						t.Errorf("on A4 paper with the browser's margins: %d pages", got)
					}
				}
			})
		}
	}
	if !(sizes[3] > sizes[10] && sizes[10] >= sizes[20] && sizes[3] >= 24) {
		t.Errorf("list type by length %v px: want it larger for a short list (3 demands ≥ 24 px)", sizes)
	}
}

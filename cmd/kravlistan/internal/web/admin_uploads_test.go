package web

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([a-z]+)" value="([^"]*)">`)

// confirmForm returns the fields of the preview's confirm form, as a browser would send them.
func confirmForm(t *testing.T, body string) url.Values {
	t.Helper()
	i := strings.Index(body, `action="/admin/campaigns/demo/upload/confirm"`)
	if i < 0 {
		t.Fatalf("no confirm form in the preview:\n%s", body)
	}
	end := strings.Index(body[i:], "</form>")
	form := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body[i:i+end], -1) {
		if m[1] != "csrf" {
			form.Add(m[1], html.UnescapeString(m[2]))
		}
	}
	return form
}

func TestUploadWorkplaces(t *testing.T) {
	_, st, b := organiserServer(t)
	path := "/admin/campaigns/demo/upload"
	kind := url.Values{"kind": {"workplaces"}}
	before := len(storedDoc(t, st, "demo").Workplaces)

	wantStatus(t, b.get(path+"?kind=workplaces"), http.StatusOK, `enctype="multipart/form-data"`, `value="workplaces" checked`)

	t.Run("SwedishExcelCSV", func(t *testing.T) {
		// What Excel on a Swedish Windows saves as "CSV (semikolonavgränsad)".
		csv := win1252(t, "Arbetsplats;Kod\r\nÅkeriet i Öre;\r\n;\r\nLäkarhuset Väst;lakarhuset\r\n\r\nSkärgårdsfärjan;\r\n")
		rec := uploadFile(b, path, "arbetsplatser.csv", csv, kind)
		wantStatus(t, rec, http.StatusOK, "Förhandsgranskning: 3 arbetsplatser", "Åkeriet i Öre", "akeriet-i-ore",
			"skapad av namnet", `id="row-4"`, `id="row-6"`, "Spara 3 arbetsplatser")
		if n := len(storedDoc(t, st, "demo").Workplaces); n != before {
			t.Fatalf("the preview saved: %d workplaces", n)
		}
		rec = b.post(path+"/confirm", confirmForm(t, rec.Body.String()))
		wantStatus(t, rec, http.StatusSeeOther)
		if loc := rec.Header().Get("Location"); loc != "/admin/campaigns/demo/workplaces?ok=uploaded" {
			t.Errorf("Location %q", loc)
		}
		c := storedDoc(t, st, "demo")
		for code, name := range map[string]string{"akeriet-i-ore": "Åkeriet i Öre", "lakarhuset": "Läkarhuset Väst", "skargardsfarjan": "Skärgårdsfärjan"} {
			if w, ok := c.Workplace(code); !ok || w.Name != name {
				t.Errorf("workplace %s: %+v", code, w)
			}
		}
		if len(c.Workplaces) != before+3 {
			t.Errorf("%d workplaces, want %d", len(c.Workplaces), before+3)
		}
		before = len(c.Workplaces)
	})
	t.Run("ConfirmTwiceClashes", func(t *testing.T) {
		// The same list again: every code is now taken, and nothing is added.
		csv := append([]byte{0xEF, 0xBB, 0xBF}, "Namn;Kod\r\nNy plats;lakarhuset\r\n"...)
		rec := uploadFile(b, path, "igen.csv", csv, kind)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "används redan i kampanjen; förslag: &#34;lakarhuset-2&#34;",
			"En rad har problem", `id="row-2"`)
		if strings.Contains(rec.Body.String(), "file: ") {
			t.Error("the error summary shows the field name \"file\"")
		}
		if strings.Contains(rec.Body.String(), "/upload/confirm") {
			t.Error("a preview with problems offers to save")
		}
	})
	t.Run("DuplicatesWithRowNumbers", func(t *testing.T) {
		csv := []byte("name,code\nLager Norr,lager\nLager Syd,lager\n\nLager Norr,\n")
		rec := uploadFile(b, path, "dubbletter.csv", csv, kind)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "&#34;lager&#34; finns redan på rad 2", "&#34;Lager Norr&#34; finns redan på rad 2",
			`id="row-3"`, `id="row-5"`, "2 rader har problem")
	})
	t.Run("ConfirmRechecks", func(t *testing.T) {
		// A confirm form changed (or made stale) after the preview is checked again.
		form := url.Values{"kind": {"workplaces"}, "line": {"2"}, "key": {"sjukhuset"}, "name": {"Sjukhuset igen"}}
		wantStatus(t, b.post(path+"/confirm", form), http.StatusUnprocessableEntity, "används redan i kampanjen")
		if n := len(storedDoc(t, st, "demo").Workplaces); n != before {
			t.Errorf("%d workplaces after a refused confirm", n)
		}
	})
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"ErrWrongType", "affisch.pdf", []byte("%PDF-1.7 ..."), "Fel filtyp. Ladda upp en Excel-fil (.xlsx) eller en CSV-fil (.csv)."},
		{"ErrOldExcel", "lista.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "Det gamla Excel-formatet (.xls)"},
		{"ErrTooLarge", "stor.csv", bytes.Repeat([]byte("Namn;Kod\r\n"), maxUploadBytes/10+1), "Filen är för stor: högst 2 MB."},
		{"ErrEmpty", "tom.csv", []byte(";;\r\n\r\n"), "Filen innehåller inga rader med text."},
		{"ErrNoNameColumn", "x.csv", []byte("Kod;Ort\r\nabc;Umeå\r\n"), "Rubrikraden (rad 1) saknar en kolumn Namn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := uploadFile(b, path, tc.file, tc.data, kind)
			wantStatus(t, rec, http.StatusUnprocessableEntity, html.EscapeString(tc.want), `id="err-file"`, `aria-invalid="true"`)
		})
	}
	t.Run("ErrNoFile", func(t *testing.T) {
		wantStatus(t, b.post(path, kind), http.StatusUnprocessableEntity, "Välj en fil att ladda upp.")
	})
	if n := len(storedDoc(t, st, "demo").Workplaces); n != before {
		t.Errorf("%d workplaces after refused uploads, want %d", n, before)
	}
}

func TestUploadDemandsXLSX(t *testing.T) {
	_, st, b := organiserServer(t)
	before := len(storedDoc(t, st, "demo").Demands)
	file := xlsxFile(t, [][]string{
		{"Område", "Krav", "Beskrivning", "Nyckel"},
		{"Arbetsmiljö", "Fler skyddsombud", "Regionala skyddsombud på fler arbetsplatser.", ""},
		nil,
		{"Boende", "Billigare hyror för unga", "", "hyror-unga"},
	})
	rec := uploadFile(b, "/admin/campaigns/demo/upload", "krav.xlsx", file, url.Values{"kind": {"demands"}})
	wantStatus(t, rec, http.StatusOK, "Förhandsgranskning: 2 krav", "fler-skyddsombud", `id="row-4"`, "Regionala skyddsombud")
	wantStatus(t, b.post("/admin/campaigns/demo/upload/confirm", confirmForm(t, rec.Body.String())), http.StatusSeeOther)
	c := storedDoc(t, st, "demo")
	d, ok := c.Demand("fler-skyddsombud")
	if !ok || d.Area != "Arbetsmiljö" || d.Body != "Regionala skyddsombud på fler arbetsplatser." || len(c.Demands) != before+2 {
		t.Fatalf("stored %+v (%d demands)", d, len(c.Demands))
	}
	if d, _ := c.Demand("hyror-unga"); d.Title != "Billigare hyror för unga" || d.Area != "Boende" {
		t.Errorf("stored %+v", d)
	}
}

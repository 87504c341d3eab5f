package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/report/xlsx"
	"kravlistan/survey"

	"github.com/xuri/excelize/v2"
)

func TestDownloads(t *testing.T) {
	_, st, b := organiserServer(t)
	// Ten answers: the open campaign's snapshot moves by the threshold (5), so all ten show.
	submitN(t, st, "demo", 10, "2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	base := "/admin/campaigns/demo"
	wantStatus(t, b.get(base+"/reports"), http.StatusOK, base+"/report.xlsx", base+"/ranking.csv?sep=semicolon",
		base+"/responses.csv", base+"/report.json", `href="/r/demo"`, `href="/admin/campaigns/demo/kravlista"`, "preliminära")

	for _, tc := range []struct {
		path, ctype, ext string
		check            func(t *testing.T, body []byte)
	}{
		{"/report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", func(t *testing.T, body []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal("the workbook does not open:", err)
			}
			defer f.Close()
			if len(f.GetSheetList()) < 2 {
				t.Errorf("sheets %v", f.GetSheetList())
			}
			// The summary gives the campaign's real address, as members reach it.
			if addr, _ := f.GetCellValue(xlsx.SheetSummary, "B4"); !strings.HasPrefix(addr, "http") || !strings.HasSuffix(addr, "/s/demo") {
				t.Errorf("Kampanjens adress %q, want the public URL of /s/demo", addr)
			}
		}},
		{"/ranking.csv?sep=semicolon", "text/csv; charset=utf-8", "-ranking.csv", func(t *testing.T, body []byte) {
			if !bytes.HasPrefix(body, []byte("\uFEFFPlats;Nyckel;Krav")) || !bytes.Contains(body, []byte("heltid")) {
				t.Errorf("ranking CSV starts %q", body[:min(60, len(body))])
			}
		}},
		{"/ranking.csv", "text/csv; charset=utf-8", "-ranking.csv", func(t *testing.T, body []byte) {
			if !bytes.HasPrefix(body, []byte("\uFEFFPlats,Nyckel,Krav")) {
				t.Errorf("ranking CSV starts %q", body[:min(60, len(body))])
			}
		}},
		{"/responses.csv?sep=semicolon", "text/csv; charset=utf-8", "-responses.csv", func(t *testing.T, body []byte) {
			if n := bytes.Count(body, []byte("\r\n")); n != 11 {
				t.Errorf("%d lines, want a heading and 10 responses:\n%s", n, body)
			}
		}},
		{"/report.json", "application/json; charset=utf-8", ".json", func(t *testing.T, body []byte) {
			var doc map[string]any
			if err := json.Unmarshal(body, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc) == 0 {
				t.Error("empty document")
			}
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := b.get(base + tc.path)
			wantStatus(t, rec, http.StatusOK)
			if ct := rec.Header().Get("Content-Type"); ct != tc.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="kravlistan-demo-`) ||
				!strings.HasSuffix(cd, tc.ext+`"`) {
				t.Errorf("Content-Disposition %q", cd)
			}
			tc.check(t, rec.Body.Bytes())
		})
	}
}

func TestPublish(t *testing.T) {
	_, st, b := organiserServer(t)
	base := "/admin/campaigns/demo"
	rec := b.post(base+"/publish", url.Values{"on": {"1"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, `id="err-publish"`, "Stäng kampanjen innan resultaten publiceras.")
	if storedDoc(t, st, "demo").Published {
		t.Fatal("an open campaign was published")
	}
	if err := st.SetState(context.Background(), "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.post(base+"/publish", url.Values{"on": {"1"}}), http.StatusSeeOther)
	if !storedDoc(t, st, "demo").Published {
		t.Fatal("not published")
	}
	wantStatus(t, b.get(base+"/reports?ok=published"), http.StatusOK, "Resultatsidan är publicerad.", "Sluta publicera")
	wantStatus(t, b.post(base+"/publish", url.Values{"on": {"0"}}), http.StatusSeeOther)
	if storedDoc(t, st, "demo").Published {
		t.Fatal("still published")
	}
}

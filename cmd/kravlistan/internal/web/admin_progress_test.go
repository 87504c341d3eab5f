package web

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

func submitN(t *testing.T, st *sqlite.Store, slug string, n int, day, wp string, bg map[string]string) {
	t.Helper()
	c, err := st.Campaign(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: day, Workplace: wp, Background: bg, Ranking: []string{"heltid"}}
		if _, err := st.Submit(context.Background(), c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
}

// progressRows reads progress.json into section → label → value.
func progressRowsOf(t *testing.T, b *browserClient) (progressView, map[string]map[string]string) {
	t.Helper()
	rec := b.get("/admin/campaigns/demo/progress.json")
	wantStatus(t, rec, http.StatusOK)
	var v progressView
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, s := range v.Sections {
		rows[s.ID] = map[string]string{}
		for _, r := range s.Rows {
			// Long names carry soft hyphens for the page (view.Hyphenate).
			rows[s.ID][strings.ReplaceAll(r.Label, "\u00ad", "")] = r.Value
		}
	}
	return v, rows
}

// near checks a shown count: a number within the cell key noise of want, never below the
// threshold for a group at or above it.
func near(t *testing.T, what, got string, want, k int) {
	t.Helper()
	n, err := strconv.Atoi(got)
	if err != nil || n < want-report.MaxNoise || n > want+report.MaxNoise || (want >= k && n < k) {
		t.Errorf("%s = %q, want %d ± %d", what, got, want, report.MaxNoise)
	}
}

func TestProgressPage(t *testing.T) {
	_, st, b := organiserServer(t)
	wantStatus(t, b.get("/admin/campaigns/demo/progress"), http.StatusOK, `id="p-total">0<`, "Inga svar än", "Ladda om")

	// Threshold 5. Workplaces: the hospital 7, home care 2 (small), the bus depot 6, hidden
	// too, or 2 would follow from the total. Förbund: Kommunal 9, IF Metall 6. The 16th
	// answer is pending: the snapshot holds 15 until 5 new answers have come in.
	submitN(t, st, "demo", 7, "2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	submitN(t, st, "demo", 2, "2026-03-02", "hemtjansten-norr", map[string]string{"forbund": "kommunal"})
	submitN(t, st, "demo", 6, "2026-03-03", "bussdepan", map[string]string{"forbund": "if-metall"})
	submitN(t, st, "demo", 1, "2026-03-03", "sjukhuset", nil)

	rec := b.get("/admin/campaigns/demo/progress.json")
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	v, rows := progressRowsOf(t, b)
	if v.Total != "16" {
		t.Errorf("total %q: the total is live", v.Total)
	}
	for sec, want := range map[string]map[string]string{
		"day": {"2026-03-02": "9", "2026-03-03": "7"},
		"wp": {"Hemtjänsten Norr": "färre än 5", "Bussdepån Syd": "dolt",
			"Verkstaden i hamnen": "0", "Coop Centrum": "0", "Allmän länk (ingen arbetsplats)": "0"},
		"q-forbund": {"Byggnads": "0", "Inget svar på frågan": "0"},
		// The channels are exact over the counted snapshot (15 of 16), like the report's.
		"ch": {"Webb": "15", "API": "0", "Papper": "0", "Telefon": "0"},
	} {
		for label, val := range want {
			if got := rows[sec][label]; got != val {
				t.Errorf("%s %q = %q, want %q", sec, label, got, val)
			}
		}
	}
	near(t, "the hospital", rows["wp"]["Universitetssjukhuset, vårdavdelningarna"], 7, 5)
	near(t, "Kommunal", rows["q-forbund"]["Kommunal"], 9, 5)
	near(t, "IF Metall", rows["q-forbund"]["IF Metall"], 6, 5)
	rec = b.get("/admin/campaigns/demo/progress?lang=en")
	wantStatus(t, rec, http.StatusOK, `id="p-total">16<`, "fewer than 5", `data-progress="/admin/campaigns/demo/progress.json"`,
		"update only once at least 5 new answers")
}

// TestProgressCannotBeSubtracted is the attack: two workplaces showed "färre än 5"
// and the rest exact counts, so total − shown gave the two small ones. Now the hidden ones
// together reach the threshold, and the total differs from the shown counts by noise.
func TestProgressCannotBeSubtracted(t *testing.T) {
	_, st, b := organiserServer(t)
	closeDemo := func() {
		t.Helper()
		if err := st.SetState(context.Background(), "demo", survey.StateClosed); err != nil {
			t.Fatal(err)
		}
	}
	submitN(t, st, "demo", 20, "2026-03-02", "sjukhuset", nil)
	submitN(t, st, "demo", 12, "2026-03-02", "bussdepan", nil)
	submitN(t, st, "demo", 1, "2026-03-02", "hemtjansten-norr", nil)
	submitN(t, st, "demo", 2, "2026-03-02", "coop-centrum", nil)
	closeDemo() // every answer counts
	v, rows := progressRowsOf(t, b)
	if v.Total != "35" {
		t.Fatalf("total %q", v.Total)
	}
	hidden, shownSum := 0, 0
	for label, val := range rows["wp"] {
		if n, err := strconv.Atoi(val); err == nil {
			shownSum += n
		} else {
			hidden += map[string]int{"Universitetssjukhuset, vårdavdelningarna": 20, "Bussdepån Syd": 12,
				"Hemtjänsten Norr": 1, "Coop Centrum": 2}[label]
		}
	}
	if hidden < 5 {
		t.Errorf("hidden workplaces hold %d answers together: total − shown gives them away (%v)", hidden, rows["wp"])
	}
	if rows["wp"]["Hemtjänsten Norr"] != "färre än 5" || rows["wp"]["Coop Centrum"] != "färre än 5" {
		t.Errorf("small workplaces shown: %v", rows["wp"])
	}
}

// TestProgressSnapshot: one more answer moves the total and the day, but no workplace or
// union figure, so the organiser cannot see where it came from.
func TestProgressSnapshot(t *testing.T) {
	_, st, b := organiserServer(t)
	submitN(t, st, "demo", 10, "2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	submitN(t, st, "demo", 10, "2026-03-02", "bussdepan", map[string]string{"forbund": "if-metall"})
	before, rowsBefore := progressRowsOf(t, b)
	submitN(t, st, "demo", 1, "2026-03-02", "bussdepan", map[string]string{"forbund": "if-metall"})
	after, rowsAfter := progressRowsOf(t, b)
	if before.Total != "20" || after.Total != "21" || rowsAfter["day"]["2026-03-02"] != "21" {
		t.Errorf("total %s → %s, day %s: the total and the days are live", before.Total, after.Total, rowsAfter["day"]["2026-03-02"])
	}
	for _, sec := range []string{"wp", "q-forbund"} {
		if !maps.Equal(rowsBefore[sec], rowsAfter[sec]) {
			t.Errorf("%s moved with one answer: %v → %v", sec, rowsBefore[sec], rowsAfter[sec])
		}
	}
}

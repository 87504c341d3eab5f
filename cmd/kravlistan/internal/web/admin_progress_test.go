package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
)

func TestSuppress(t *testing.T) {
	for _, tc := range []struct {
		name          string
		counts        []int
		small, hidden []int // indexes
	}{
		{"NoneSmall", []int{5, 9, 0}, nil, nil},
		{"OneSmallHidesNextSmallest", []int{12, 3, 7, 0}, []int{1}, []int{2}},
		{"TwoSmallNeedNoMore", []int{12, 3, 1}, []int{1, 2}, nil},
		{"ZeroIsShown", []int{0, 0, 6}, nil, nil},
		{"AloneSmall", []int{2, 0}, []int{0}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small, hidden := suppress(tc.counts, 5)
			var gs, gh []int
			for i := range small {
				if small[i] {
					gs = append(gs, i)
				}
				if hidden[i] {
					gh = append(gh, i)
				}
			}
			if !slices.Equal(gs, tc.small) || !slices.Equal(gh, tc.hidden) {
				t.Errorf("small %v hidden %v, want %v %v", gs, gh, tc.small, tc.hidden)
			}
		})
	}
}

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

func TestProgressPage(t *testing.T) {
	_, st, b := organiserServer(t)
	wantStatus(t, b.get("/admin/campaigns/demo/progress"), http.StatusOK, `id="p-total">0<`, "Inga svar än", "Ladda om")

	// Threshold 5. Workplaces: the hospital 8, home care 2 (small), the bus depot 6, hidden
	// too, or 2 would follow from the total. Förbund: Kommunal 9, IF Metall 6 (hidden), one
	// member skipped the question (small).
	submitN(t, st, "demo", 7, "2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	submitN(t, st, "demo", 2, "2026-03-02", "hemtjansten-norr", map[string]string{"forbund": "kommunal"})
	submitN(t, st, "demo", 6, "2026-03-03", "bussdepan", map[string]string{"forbund": "if-metall"})
	submitN(t, st, "demo", 1, "2026-03-03", "sjukhuset", nil)

	rec := b.get("/admin/campaigns/demo/progress.json")
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	var v progressView
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Total != "16" {
		t.Errorf("total %q", v.Total)
	}
	rows := map[string]map[string]string{}
	for _, s := range v.Sections {
		rows[s.ID] = map[string]string{}
		for _, r := range s.Rows {
			rows[s.ID][r.Label] = r.Value
		}
	}
	for sec, want := range map[string]map[string]string{
		"day": {"2026-03-02": "9", "2026-03-03": "7"},
		"wp": {"Universitetssjukhuset, vårdavdelningarna": "8", "Hemtjänsten Norr": "färre än 5", "Bussdepån Syd": "dolt",
			"Verkstaden i hamnen": "0", "Coop Centrum": "0", "Allmän länk (ingen arbetsplats)": "0"},
		"q-forbund": {"Kommunal": "9", "IF Metall": "dolt", "Byggnads": "0", "Inget svar på frågan": "färre än 5"},
	} {
		for label, val := range want {
			if got := rows[sec][label]; got != val {
				t.Errorf("%s %q = %q, want %q", sec, label, got, val)
			}
		}
	}
	rec = b.get("/admin/campaigns/demo/progress?lang=en")
	wantStatus(t, rec, http.StatusOK, `id="p-total">16<`, "fewer than 5", `data-progress="/admin/campaigns/demo/progress.json"`, "Groups with fewer than 5 answers")
}

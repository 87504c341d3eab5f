package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kravlistan/survey"
)

func TestProgress(t *testing.T) {
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	ctx := context.Background()
	add := func(day, wp string, bg map[string]string) {
		t.Helper()
		r := ballot("heltid")
		r.Day, r.Workplace, r.Background = day, wp, bg
		if wp == "sjukhuset" && bg["sektor"] == "" {
			r.Channel = survey.ChannelPhone
		}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		add("2026-03-01", "sjukhuset", map[string]string{"forbund": "kommunal", "sektor": "region"})
	}
	add("2026-03-02", "sjukhuset", map[string]string{"forbund": "kommunal"})
	add("2026-03-02", "", map[string]string{"sektor": "kommun"})
	add("2026-03-02", "hemtjansten-norr", nil)

	p, err := st.Progress(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	str := func(cs []Count) string {
		var parts []string
		for _, c := range cs {
			parts = append(parts, c.Key+":"+string(rune('0'+c.N)))
		}
		slices.Sort(parts)
		return strings.Join(parts, " ")
	}
	if p.Total != 6 {
		t.Errorf("total %d", p.Total)
	}
	for name, tc := range map[string]struct {
		got  []Count
		want string
	}{
		"ByDay":       {p.ByDay, "2026-03-01:3 2026-03-02:3"},
		"ByWorkplace": {p.ByWorkplace, ":1 hemtjansten-norr:1 sjukhuset:4"},
		"forbund":     {p.ByAnswer["forbund"], ":2 kommunal:4"},
		"sektor":      {p.ByAnswer["sektor"], ":2 kommun:1 region:3"},
		"ByChannel":   {p.ByChannel, "api:5 phone:1"},
	} {
		if got := str(tc.got); got != tc.want {
			t.Errorf("%s = %q, want %q", name, got, tc.want)
		}
	}

	empty, err := st.Progress(ctx, c.ID+99)
	if err != nil || empty.Total != 0 || len(empty.ByDay) != 0 {
		t.Errorf("unknown campaign: %+v, %v", empty, err)
	}
}

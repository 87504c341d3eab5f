package survey

import (
	"strings"
	"testing"
	"time"
)

func TestCheckOpen(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(48*time.Hour), now.Add(-48*time.Hour)
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		c       Campaign
		key     string
		message string
	}{
		{"open", Campaign{State: StateOpen}, "", ""},
		{"draft", Campaign{State: StateDraft}, "draft", "inte öppen"},
		{"closed", Campaign{State: StateClosed}, "closed", "stängd"},
		{"closes passed", Campaign{State: StateOpen, ClosesAt: &earlier}, "closed", "stängd"},
		{"not yet", Campaign{State: StateOpen, OpensAt: &later}, "not_yet_open", "2026-03-12 13:00"},
	} {
		err := tc.c.CheckOpen(now, stockholm)
		if tc.key == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		se, ok := err.(*Error)
		if !ok || se.Code != ENOTOPEN || se.Key != tc.key || !strings.Contains(se.Message, tc.message) {
			t.Errorf("%s: got %#v, want ENOTOPEN %s with %q", tc.name, err, tc.key, tc.message)
		}
	}
}

func TestCanMove(t *testing.T) {
	for _, tc := range []struct {
		from, to State
		ok       bool
	}{
		{StateDraft, StateOpen, true}, {StateDraft, StateClosed, false}, {StateOpen, StateClosed, true},
		{StateOpen, StateDraft, true}, {StateClosed, StateOpen, true}, {StateClosed, StateDraft, false},
		{StateOpen, StateOpen, false}, {StateOpen, "archived", false},
	} {
		if got := CanMove(tc.from, tc.to); got != tc.ok {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

func TestFitPicks(t *testing.T) {
	c := &Campaign{MinPicks: 3, MaxPicks: 5, Demands: []Demand{{Key: "a"}, {Key: "b"}, {Key: "c", Hidden: true}}}
	c.FitPicks()
	if c.MaxPicks != 2 || c.MinPicks != 2 {
		t.Errorf("picks = %d..%d, want 2..2", c.MinPicks, c.MaxPicks)
	}
	c = &Campaign{MinPicks: 1, MaxPicks: 2, Demands: []Demand{{Key: "a"}, {Key: "b"}, {Key: "c"}}}
	c.FitPicks()
	if c.MaxPicks != 2 || c.MinPicks != 1 {
		t.Errorf("picks changed to %d..%d with enough demands", c.MinPicks, c.MaxPicks)
	}
}

func TestSlugifyAndFreeName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Valet 2026", 63, "valet-2026"},
		{"  Åtta timmar, för ö!", 63, "atta-timmar-for-o"},
		{"Café Ümlaut", 63, "cafe-umlaut"},
		{"---", 63, ""},
		{strings.Repeat("a", 80), 10, strings.Repeat("a", 10)},
		{"abcd efgh ijkl", 9, "abcd-efgh"},
	} {
		if got := Slugify(tc.in, tc.max); got != tc.want {
			t.Errorf("Slugify(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
	used := map[string]bool{"krav": true, "krav-2": true}
	if got := FreeName("krav", 64, func(s string) bool { return used[s] }); got != "krav-3" {
		t.Errorf("FreeName = %q, want krav-3", got)
	}
	if got := FreeName("ny", 64, func(s string) bool { return used[s] }); got != "ny" {
		t.Errorf("FreeName = %q, want ny", got)
	}
	long := strings.Repeat("x", 64)
	if got := FreeName(long, 64, func(s string) bool { return s == long }); got != strings.Repeat("x", 62)+"-2" {
		t.Errorf("FreeName cut = %q", got)
	}
}

package survey

import (
	"fmt"
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
		{"intake", Campaign{State: StateIntake}, "intake", "Rangordningen har inte börjat"},
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
		// The intake round sits between draft and open and is optional.
		{StateDraft, StateIntake, true}, {StateIntake, StateOpen, true}, {StateIntake, StateDraft, true},
		{StateIntake, StateClosed, false}, {StateOpen, StateIntake, false}, {StateClosed, StateIntake, false},
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

func TestCampaignSizeLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		grow  func(c *Campaign)
		field string
	}{
		{"Demands", func(c *Campaign) {
			for i := len(c.Demands); i <= MaxDemands; i++ {
				c.Demands = append(c.Demands, Demand{Key: fmt.Sprintf("k%d", i), Title: "K"})
			}
		}, "demands"},
		{"Questions", func(c *Campaign) {
			for i := len(c.Questions); i <= MaxQuestions; i++ {
				c.Questions = append(c.Questions, Question{Key: fmt.Sprintf("q%d", i), Label: "Q", Options: []Option{{Key: "a", Label: "A"}}})
			}
		}, "questions"},
		{"Options", func(c *Campaign) {
			for i := len(c.Questions[0].Options); i <= MaxOptions; i++ {
				c.Questions[0].Options = append(c.Questions[0].Options, Option{Key: fmt.Sprintf("o%d", i), Label: "O"})
			}
		}, "questions[0].options"},
		{"Workplaces", func(c *Campaign) {
			for i := len(c.Workplaces); i <= MaxWorkplaces; i++ {
				c.Workplaces = append(c.Workplaces, Workplace{Code: fmt.Sprintf("w%d", i), Name: fmt.Sprintf("W %d", i)})
			}
		}, "workplaces"},
	} {
		c := Demo()
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		tc.grow(c)
		found := false
		for _, f := range FieldErrors(c.Validate()) {
			found = found || f.Field == tc.field
		}
		if !found {
			t.Errorf("%s over the limit: %v", tc.name, c.Validate())
		}
	}
}

// TestFieldNamesExact: JSON field names match exactly, in a response and a campaign file.
func TestFieldNamesExact(t *testing.T) {
	for _, doc := range []string{`{"RANKING":["heltid"]}`, `{"Ranking":["heltid"]}`, `{"ranking":["heltid"],"Proposal":"x"}`} {
		if _, err := DecodeSubmission([]byte(doc), ChannelAPI); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", doc, err)
		}
	}
	if _, err := DecodeSubmission([]byte(`{"ranking":["heltid"],"background":{"forbund":"kommunal"}}`), ChannelAPI); err != nil {
		t.Errorf("exact names refused: %v", err)
	}
	if _, err := DecodeCampaign([]byte(strings.Replace(validCampaignJSON(), `"title"`, `"TITLE"`, 1))); ErrorCode(err) != EINVALID {
		t.Errorf("campaign file with TITLE: %v", err)
	}
}

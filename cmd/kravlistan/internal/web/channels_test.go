package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"

	"github.com/google/uuid"
)

// The answers per channel (issue 13 part 5) reach every place results are read: the
// public JSON, the printed demand list "Våra krav till partierna" in three languages.
func TestChannelsInResults(t *testing.T) {
	e, st := apiTestServer(t)
	ctx := context.Background()
	c := resultsCampaign(t, st, "kanaler", survey.StateOpen, 120, false, nil)
	// A few phone answers besides the generator's web and paper ones.
	for range 7 {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelPhone, Day: "2026-03-04", Ranking: []string{c.Demands[0].Key}}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetState(ctx, "kanaler", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPublished(ctx, "kanaler", true); err != nil {
		t.Fatal(err)
	}
	want := map[survey.Channel]int{}
	if err := st.EachResponse(ctx, c.ID, survey.Unordered, func(r *survey.Response) error { want[r.Channel]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if want[survey.ChannelWeb] == 0 || want[survey.ChannelPaper] == 0 || want[survey.ChannelPhone] != 7 {
		t.Fatalf("test data by channel %v", want)
	}

	rec := get(e, "/r/kanaler/results.json")
	wantStatus(t, rec, http.StatusOK)
	var res report.Results
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got := (report.Channels{Web: want[survey.ChannelWeb], Paper: want[survey.ChannelPaper], Phone: 7}); res.Channels != got {
		t.Errorf("results.json channels %+v, want %+v", res.Channels, got)
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(rec.Body.Bytes(), &raw)
	if _, ok := raw["channels"]; !ok {
		t.Errorf("results.json lacks \"channels\"")
	}
	var byChannel *report.Breakdown
	for i := range res.Breakdowns {
		if res.Breakdowns[i].By == report.ByChannel {
			byChannel = &res.Breakdowns[i]
		}
	}
	if byChannel == nil {
		t.Fatal("no breakdown by channel")
	}
	for _, g := range byChannel.Groups {
		if g.Responses != nil && g.Key != report.KeyOther && *g.Responses > 0 && *g.Responses < c.AnonymityThreshold {
			t.Errorf("channel group %s shows %d answers, under the threshold", g.Key, *g.Responses)
		}
	}

	web, paper := strconv.Itoa(want[survey.ChannelWeb]), strconv.Itoa(want[survey.ChannelPaper])
	for lang, text := range map[string]string{
		"sv": "Så kom svaren in: " + web + " via webben, " + paper + " på papper och 7 per telefon.",
		"nb": "Slik kom svarene inn: " + web + " via nettet, " + paper + " på papir og 7 per telefon.",
		"en": "How the answers came in: " + web + " on the web, " + paper + " on paper and 7 by phone.",
	} {
		for _, page := range []string{"/r/kanaler/kravlista", "/r/kanaler"} {
			rec := get(e, page+"?lang="+lang)
			wantStatus(t, rec, http.StatusOK)
			if body := html.UnescapeString(rec.Body.String()); !strings.Contains(body, text) {
				t.Errorf("%s %s: the page does not say %q", lang, page, text)
			}
		}
	}
}

// With a single channel the poster says so in a sentence of its own.
func TestPosterOneChannel(t *testing.T) {
	v := testEngine(t)
	p := v.Bind(view.Page{Lang: "sv"})
	if got := posterChannels(p, report.Channels{Web: 12}); got != "Alla svar kom in via webben." {
		t.Errorf("one channel: %q", got)
	}
	if got := posterChannels(p, report.Channels{Web: 12345, Phone: 2}); got != "Så kom svaren in: 12\u202f345 via webben och 2 per telefon." {
		t.Errorf("two channels: %q", got)
	}
	if got := posterChannels(p, report.Channels{}); got != "" {
		t.Errorf("no answers: %q", got)
	}
}

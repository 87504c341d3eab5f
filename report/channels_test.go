package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kravlistan/survey"
)

// channelBallots counts n ballots {a, b} by each channel.
func channelTally(t *testing.T, c *survey.Campaign, n map[survey.Channel]int) *Results {
	t.Helper()
	tl := NewTally(c)
	key := uint32(1)
	for _, ch := range survey.Channels {
		for range n[ch] {
			key = key*1664525 + 1013904223
			if err := tl.Add(&survey.Response{Channel: ch, Ranking: []string{"a", "b"}, Key: key}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return tl.Results(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
}

func breakdownBy(res *Results, by string) *Breakdown {
	for i := range res.Breakdowns {
		if res.Breakdowns[i].By == by {
			return &res.Breakdowns[i]
		}
	}
	return nil
}

// The report counts responses per channel exactly (campaign-wide, like the total) and
// breaks the results down by channel under the rules of every breakdown.
func TestChannels(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b", "c")
	t.Run("ExactCountsInJSON", func(t *testing.T) {
		res := channelTally(t, c, map[survey.Channel]int{survey.ChannelWeb: 40, survey.ChannelPaper: 12, survey.ChannelPhone: 2, survey.ChannelAPI: 1})
		b, _ := json.Marshal(res)
		if !strings.Contains(string(b), `"channels":{"web":40,"api":1,"paper":12,"phone":2}`) {
			t.Errorf("JSON channels: %s", b)
		}
	})
	t.Run("BreakdownHidesSmallChannels", func(t *testing.T) {
		res := channelTally(t, c, map[survey.Channel]int{survey.ChannelWeb: 40, survey.ChannelPaper: 12, survey.ChannelPhone: 2, survey.ChannelAPI: 1})
		bd := breakdownBy(res, ByChannel)
		if bd == nil {
			t.Fatal("no breakdown by channel")
		}
		got := map[string]Group{}
		var order []string
		for _, g := range bd.Groups {
			got[g.Key] = g
			order = append(order, g.Key)
		}
		if strings.Join(order, ",") != "web,paper,phone,api,_other" {
			t.Errorf("groups %v, want web, paper, phone, api and Övriga (no empty Ej angett)", order)
		}
		// phone (2) and api (1) are under k = 5: hidden, together 3 < 5, so paper is
		// hidden too; Övriga has 15 ± noise.
		for _, k := range []string{"phone", "api", "paper"} {
			if g := got[k]; !g.Suppressed || g.Responses != nil || g.Demands != nil {
				t.Errorf("%s: %+v, want suppressed without figures", k, g)
			}
		}
		if g := got["web"]; g.Responses == nil || *g.Responses < 40-MaxNoise || *g.Responses > 40+MaxNoise {
			t.Errorf("web: %+v", g)
		}
		if g := got[KeyOther]; g.Responses == nil || *g.Responses < 15-MaxNoise || *g.Responses > 15+MaxNoise || g.Label != LabelOther {
			t.Errorf("Övriga: %+v", g)
		}
		if got["web"].Label != "Webb" || got["phone"].Label != "Telefon" {
			t.Errorf("labels: %q %q", got["web"].Label, got["phone"].Label)
		}
	})
	t.Run("OneChannelNoBreakdown", func(t *testing.T) {
		res := channelTally(t, c, map[survey.Channel]int{survey.ChannelWeb: 9})
		if bd := breakdownBy(res, ByChannel); bd != nil {
			t.Errorf("breakdown by channel with one channel: %+v", bd)
		}
		if res.Channels != (Channels{Web: 9}) {
			t.Errorf("channels %+v", res.Channels)
		}
	})
	t.Run("OtherFiguresUnchanged", func(t *testing.T) {
		// The channel groups are drawn after every other group: a campaign's workplace
		// figures are the same with or without answers by other channels in the picture.
		wc := workplaceCampaign()
		tl := NewTally(wc)
		tl2 := NewTally(wc)
		for i := range 30 {
			r := &survey.Response{Workplace: wc.Workplaces[i%len(wc.Workplaces)].Code, Ranking: []string{wc.Demands[i%len(wc.Demands)].Key},
				Key: uint32(i) * 2654435761, Channel: survey.ChannelWeb}
			_ = tl.Add(r)
			if i%3 == 0 {
				r.Channel = survey.ChannelPaper
			}
			_ = tl2.Add(r)
		}
		now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		a, b := tl.Results(now), tl2.Results(now)
		ja, _ := json.Marshal(breakdownBy(a, ByWorkplace))
		jb, _ := json.Marshal(breakdownBy(b, ByWorkplace))
		if string(ja) != string(jb) || breakdownBy(b, ByChannel) == nil {
			t.Errorf("workplace breakdown changed with channels:\n%s\n%s", ja, jb)
		}
	})
}

// A tally encoded before channels were counted decodes, does not fit the campaign (so the
// store counts it again from the rows) and never gives a report.
func TestTallyWithoutChannelsIsStale(t *testing.T) {
	c := campaign(survey.MethodBorda, 2, "a", "b")
	tl := NewTally(c)
	_ = tl.Add(&survey.Response{Channel: survey.ChannelWeb, Ranking: []string{"a"}})
	// Drop the channel dimension, as a tally written by the previous version has none.
	tl.dims = tl.dims[:len(tl.dims)-1]
	blob, err := tl.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	old, err := DecodeTally(blob)
	if err != nil {
		t.Fatalf("old tally unreadable: %v", err)
	}
	if old.Fits(c) {
		t.Fatal("a tally without channels fits")
	}
	if _, err := old.ResultsFor(c, time.Now()); err != ErrStale {
		t.Fatalf("ResultsFor: %v, want ErrStale", err)
	}
}

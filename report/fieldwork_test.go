package report

import (
	"testing"
	"time"

	"kravlistan/survey"
)

func TestFieldwork(t *testing.T) {
	c := campaign(survey.MethodBorda, 3, "a", "b", "c")
	rs := []survey.Response{
		{Day: "2026-03-04", Channel: survey.ChannelWeb, Ranking: []string{"a", "b", "c"}},
		{Day: "2026-03-02", Channel: survey.ChannelWeb, Ranking: []string{"b", "gone", "a", "b"}},
		{Day: "2026-03-09", Channel: survey.ChannelPaper, Ranking: []string{"c"}},
	}
	fw, tl := NewFieldwork(c), NewTally(c)
	for i := range rs {
		_ = fw.Add(&rs[i])
		_ = tl.Add(&rs[i])
	}
	if fw.FirstDay != "2026-03-02" || fw.LastDay != "2026-03-09" || fw.Responses() != 3 {
		t.Errorf("days %s–%s, %d responses", fw.FirstDay, fw.LastDay, fw.Responses())
	}
	chs := fw.ChannelCounts()
	if len(chs) != 2 || chs[0] != (ChannelCount{survey.ChannelWeb, 2}) || chs[1] != (ChannelCount{survey.ChannelPaper, 1}) {
		t.Errorf("channels %+v", chs)
	}
	// The place distribution agrees with the counted results: place 1 is the first
	// choices and the places add up to the picks.
	for _, d := range tl.Results(time.Now()).Demands {
		i := map[string]int{"a": 0, "b": 1, "c": 2}[d.Key]
		sum := 0
		for _, n := range fw.Places[i] {
			sum += n
		}
		if fw.Places[i][0] != d.FirstChoices || sum != d.Picks {
			t.Errorf("%s: places %v, first choices %d, picks %d", d.Key, fw.Places[i], d.FirstChoices, d.Picks)
		}
	}
	if got := fw.Places[0]; got[0] != 1 || got[1] != 1 || got[2] != 0 {
		t.Errorf("a's places %v: the unknown demand must not hold a place", got)
	}
}

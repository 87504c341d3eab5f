package report

import (
	"slices"
	"strings"

	"kravlistan/survey"
)

// Fieldwork is what a report says about how the answers were collected and where each
// demand was placed: the first and last day answers arrived, how many came through each
// channel, and the place distribution (how many ballots put each demand at place 1, 2, …).
// It counts campaign-wide figures only, never a group's. Count every response with Add,
// in any order.
type Fieldwork struct {
	FirstDay, LastDay string // YYYY-MM-DD; "" when there are no answers
	Channels          map[survey.Channel]int
	// Places[i][p] is the number of ballots that rank demand i (in campaign order) at
	// place p+1. A ballot is cleaned as the Tally cleans it: unknown demands are skipped
	// (later picks move up) and a repeated pick counts once.
	Places [][]int

	index map[string]int
	seen  []int
	n     int
}

// NewFieldwork starts counting for campaign c.
func NewFieldwork(c *survey.Campaign) *Fieldwork {
	f := &Fieldwork{Channels: map[survey.Channel]int{}, Places: make([][]int, len(c.Demands)),
		index: make(map[string]int, len(c.Demands)), seen: make([]int, len(c.Demands))}
	for i, d := range c.Demands {
		f.index[d.Key] = i
		f.Places[i] = make([]int, c.MaxPicks)
	}
	return f
}

// Add counts one response; r may be reused by the caller afterwards.
func (f *Fieldwork) Add(r *survey.Response) error {
	f.n++
	if r.Day != "" {
		if f.FirstDay == "" || r.Day < f.FirstDay {
			f.FirstDay = r.Day
		}
		if r.Day > f.LastDay {
			f.LastDay = r.Day
		}
	}
	f.Channels[r.Channel]++
	place := 0
	for _, key := range r.Ranking {
		i, ok := f.index[key]
		if !ok || f.seen[i] == f.n {
			continue
		}
		f.seen[i] = f.n
		if place >= len(f.Places[i]) {
			f.Places[i] = append(f.Places[i], make([]int, place+1-len(f.Places[i]))...)
		}
		f.Places[i][place]++
		place++
	}
	return nil
}

// Responses returns the number of responses counted.
func (f *Fieldwork) Responses() int { return f.n }

// MaxPlace returns the number of places in the distribution (max_picks, or more when a
// stored ballot is longer).
func (f *Fieldwork) MaxPlace() int {
	m := 0
	for _, p := range f.Places {
		m = max(m, len(p))
	}
	return m
}

// ChannelCount is the number of responses that came through one channel.
type ChannelCount struct {
	Channel   survey.Channel
	Responses int
}

// ChannelCounts returns the channels answers came through with their numbers: web,
// paper, phone and API first, any other stored channel after them by name.
func (f *Fieldwork) ChannelCounts() []ChannelCount {
	order := map[survey.Channel]int{survey.ChannelWeb: 0, survey.ChannelPaper: 1, survey.ChannelPhone: 2, survey.ChannelAPI: 3}
	var out []ChannelCount
	for ch, n := range f.Channels {
		if n > 0 {
			out = append(out, ChannelCount{ch, n})
		}
	}
	slices.SortFunc(out, func(a, b ChannelCount) int {
		oa, ok := order[a.Channel]
		if !ok {
			oa = 4
		}
		ob, ok := order[b.Channel]
		if !ok {
			ob = 4
		}
		if oa != ob {
			return oa - ob
		}
		return strings.Compare(string(a.Channel), string(b.Channel))
	})
	return out
}

// ChannelName returns the Swedish name of a channel.
func ChannelName(ch survey.Channel) string {
	switch ch {
	case survey.ChannelWeb:
		return "webbformuläret (mobil eller dator)"
	case survey.ChannelPaper:
		return "på papper, inmatat i efterhand"
	case survey.ChannelPhone:
		return "per telefon, inmatat av en uppringare"
	case survey.ChannelAPI:
		return "via API (JSON)"
	case "":
		return "okänd kanal"
	}
	return string(ch)
}

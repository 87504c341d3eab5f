package report

import "kravlistan/survey"

// Channels are how many of the counted responses came through each channel (issue 13):
// campaign-wide figures, exact like the number of responses. The breakdown by channel
// (Breakdown "channel") follows the rules of every other breakdown.
type Channels struct {
	Web   int `json:"web"`
	API   int `json:"api"`
	Paper int `json:"paper"`
	Phone int `json:"phone"`
}

// ByChannel is the By of the breakdown by channel. Its group keys are the channels
// ("web", "paper", "phone", "api").
const ByChannel = "channel"

// channelDim is the question key under which a tally counts by channel. It starts with
// "_", which no campaign key can, so it never clashes with a background question.
const channelDim = "_channel"

// channelKeys are the groups of the channel breakdown, in the order reports show them.
func channelKeys() []string {
	keys := make([]string, len(survey.Channels))
	for i, ch := range survey.Channels {
		keys[i] = string(ch)
	}
	return keys
}

// channelLabel returns the Swedish name of a channel as a breakdown group shows it.
func channelLabel(ch string) string {
	switch survey.Channel(ch) {
	case survey.ChannelWeb:
		return "Webb"
	case survey.ChannelPaper:
		return "Papper"
	case survey.ChannelPhone:
		return "Telefon"
	case survey.ChannelAPI:
		return "API"
	}
	return ch
}

// Get returns the count of channel ch (0 for a channel reports do not know).
func (c Channels) Get(ch survey.Channel) int {
	switch ch {
	case survey.ChannelWeb:
		return c.Web
	case survey.ChannelAPI:
		return c.API
	case survey.ChannelPaper:
		return c.Paper
	case survey.ChannelPhone:
		return c.Phone
	}
	return 0
}

func (c *Channels) add(ch survey.Channel, n int) {
	switch ch {
	case survey.ChannelWeb:
		c.Web += n
	case survey.ChannelAPI:
		c.API += n
	case survey.ChannelPaper:
		c.Paper += n
	case survey.ChannelPhone:
		c.Phone += n
	}
}

// channelCounts reads the exact counts of the channel dimension.
func channelCounts(dim *dimension) Channels {
	var c Channels
	for i, k := range dim.keys {
		c.add(survey.Channel(k), dim.groups[i].n)
	}
	return c
}

// several reports whether responses came through at least two of the dimension's groups.
func (dim *dimension) several() bool {
	n := 0
	for _, g := range dim.groups {
		if g.n > 0 {
			n++
		}
	}
	return n >= 2
}

// ChannelCounts returns the number of responses and the cell key of every channel with
// responses (survey.Tally), in the order of survey.Channels.
func (t *Tally) ChannelCounts() []survey.Count {
	var out []survey.Count
	for _, dim := range t.dims {
		if dim.question != channelDim {
			continue
		}
		for i, g := range dim.groups {
			if g.n == 0 {
				continue
			}
			key := ""
			if i < len(dim.keys) {
				key = dim.keys[i]
			}
			out = append(out, survey.Count{Key: key, N: g.n, CellKey: g.key})
		}
	}
	return out
}

package survey

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
)

// BallotKind says how members answer a campaign: by ranking up to max_picks demands in
// order (the Trondheim way) or by rating every demand on a scale, as LO's Stockholm
// district had members rate 21 statements from 1 to 10 in 2010.
type BallotKind string

// The ballot kinds. An empty kind is read as BallotRank, the behaviour before rating
// ballots existed, so stored campaigns keep working.
const (
	BallotRank BallotKind = "rank"
	BallotRate BallotKind = "rate"
)

// The counting methods of rating ballots: the headline order by mean score or by top-box
// share (the share of ratings in the top of the scale, e.g. 8–10).
const (
	MethodMean   Method = "mean"
	MethodTopBox Method = "top_box"
)

// Scale limits. Eleven points (0–10) is the widest scale a phone shows as two rows of
// large buttons; two points is the narrowest that still lets a member say something.
const (
	DefaultScaleMin = 1
	DefaultScaleMax = 10
	maxScaleValue   = 100
	MinScalePoints  = 2
	MaxScalePoints  = 11
	maxLabelLength  = 60
)

// Scale is the rating scale of a campaign with rating ballots.
type Scale struct {
	Min int `json:"min"`
	Max int `json:"max"`
	// LowLabel and HighLabel name the ends of the scale, e.g. "Inte viktigt" and
	// "Mycket viktigt". Both are optional.
	LowLabel  string `json:"low_label,omitempty"`
	HighLabel string `json:"high_label,omitempty"`
	// TopBox is the lowest value counted in the top box (8 for 8–10 on a 1–10 scale).
	// Zero means the default (see DefaultTopBox); Min is never below zero, so zero is
	// never a valid top box.
	TopBox int `json:"top_box"`
	// RequireAll says whether a member must rate every demand; otherwise she may skip
	// demands but must rate at least one.
	RequireAll bool `json:"require_all"`
}

// UnmarshalJSON reads a scale, taking min 1 and max 10 for ends left out, so that
// {"max": 5} is the scale 1–5 and not 0–5. Unknown fields are refused, like everywhere
// else in the campaign file.
func (s *Scale) UnmarshalJSON(data []byte) error {
	var aux struct {
		Min        *int   `json:"min"`
		Max        *int   `json:"max"`
		LowLabel   string `json:"low_label"`
		HighLabel  string `json:"high_label"`
		TopBox     int    `json:"top_box"`
		RequireAll bool   `json:"require_all"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	*s = Scale{Min: DefaultScaleMin, Max: DefaultScaleMax, LowLabel: aux.LowLabel, HighLabel: aux.HighLabel,
		TopBox: aux.TopBox, RequireAll: aux.RequireAll}
	if aux.Min != nil {
		s.Min = *aux.Min
	}
	if aux.Max != nil {
		s.Max = *aux.Max
	}
	return nil
}

// Points returns the number of values on the scale.
func (s Scale) Points() int { return s.Max - s.Min + 1 }

// Values returns the values of the scale from Min to Max.
func (s Scale) Values() []int {
	if s.Points() < 1 {
		return nil
	}
	v := make([]int, s.Points())
	for i := range v {
		v[i] = s.Min + i
	}
	return v
}

// Contains reports whether v is a value of the scale.
func (s Scale) Contains(v int) bool { return v >= s.Min && v <= s.Max }

// DefaultTopBox returns the default top box of the scale min–max: its top 30 %
// (rounded), at least one value: 8–10 on 1–10 and 0–10, 4–5 on 1–5, 6–7 on 1–7.
func DefaultTopBox(min, max int) int {
	n := (3*(max-min+1) + 5) / 10
	if n < 1 {
		n = 1
	}
	return max - n + 1
}

// TopBoxLabel returns the top box as text, e.g. "8–10".
func (s Scale) TopBoxLabel() string {
	if s.TopBox == s.Max {
		return strconv.Itoa(s.Max)
	}
	return strconv.Itoa(s.TopBox) + "–" + strconv.Itoa(s.Max)
}

// Rates reports whether members rate the demands of c instead of ranking them. An empty
// ballot kind (a campaign built before the field existed) ranks.
func (c *Campaign) Rates() bool { return c.Ballot == BallotRate }

// applyBallotDefaults fills in the ballot kind, and for rating ballots the scale, its top
// box and the counting method.
func (c *Campaign) applyBallotDefaults() {
	if c.Ballot == "" {
		c.Ballot = BallotRank
	}
	if c.Ballot != BallotRate {
		return
	}
	if c.Scale == nil {
		c.Scale = &Scale{Min: DefaultScaleMin, Max: DefaultScaleMax}
	}
	if c.Scale.TopBox == 0 && c.Scale.Points() >= MinScalePoints {
		c.Scale.TopBox = DefaultTopBox(c.Scale.Min, c.Scale.Max)
	}
	if c.Method == "" {
		c.Method = MethodMean
	}
}

// validateBallot checks the ballot kind, the scale and that the method fits the kind.
func (c *Campaign) validateBallot(fe *fieldErrors) {
	switch c.Access {
	case AccessOpen, AccessCodes, "":
	default:
		fe.add("access", "bad_access")
	}
	switch c.Ballot {
	case BallotRank, "":
		switch c.Method {
		case MethodBorda, MethodPicks, MethodSchulze:
		default:
			fe.add("method", "bad_method")
		}
	case BallotRate:
		switch c.Method {
		case MethodMean, MethodTopBox:
		default:
			fe.add("method", "bad_rate_method")
		}
	default:
		fe.add("ballot", "bad_ballot")
	}
	if c.Scale == nil {
		return
	}
	s := c.Scale
	switch {
	case s.Min < 0 || s.Min > maxScaleValue:
		fe.add("scale.min", "bad_range", 0, maxScaleValue)
	case s.Max < s.Min+MinScalePoints-1 || s.Max > s.Min+MaxScalePoints-1 || s.Max > maxScaleValue:
		fe.add("scale.max", "scale_points", MinScalePoints, MaxScalePoints)
	case s.TopBox <= s.Min || s.TopBox > s.Max:
		fe.add("scale.top_box", "bad_range", s.Min+1, s.Max)
	}
	checkText(fe, "scale.low_label", s.LowLabel, false, maxLabelLength)
	checkText(fe, "scale.high_label", s.HighLabel, false, maxLabelLength)
}

// validateRatings checks a rating ballot against campaign c: every rated demand exists
// and is on offer, every rating is on the scale, and every demand on offer is rated when
// the campaign requires it (otherwise at least one is). Each problem names its field,
// "ratings.<demand key>".
func (r *Response) validateRatings(c *Campaign, fe *fieldErrors) {
	if len(r.Ranking) > 0 {
		fe.add("ranking", "ranking_off")
	}
	s := c.Scale
	for _, key := range sortedKeys(r.Ratings) {
		p := "ratings." + key
		if d, ok := c.Demand(key); !ok || d.Hidden {
			fe.add(p, "unknown_demand", key)
		} else if v := r.Ratings[key]; !s.Contains(v) {
			fe.add(p, "rating_range", s.Min, s.Max)
		}
	}
	if s.RequireAll {
		for _, d := range c.Demands {
			if _, ok := r.Ratings[d.Key]; !ok && !d.Hidden {
				fe.add("ratings."+d.Key, "rating_missing")
			}
		}
	} else if len(r.Ratings) == 0 {
		fe.add("ratings", "no_ratings")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

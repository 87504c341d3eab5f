package web

import (
	"net/url"
	"strconv"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
)

// rateView is the rating part of the questionnaire of a campaign whose members rate the
// demands (issue 21): a row of large buttons per demand, made of radio buttons so that
// the form works without JavaScript.
type rateView struct {
	Min, Max     int
	Cols         int  // buttons per row on a narrow screen (see rateCols)
	Skip         bool // the member may leave demands unrated ("Ingen åsikt")
	Total, Rated int  // demands on offer and demands rated, for "12 av 21 besvarade"
	Ends         string
}

// rateOpt is one button of a demand's scale.
type rateOpt struct {
	Value   int
	Checked bool
	End     string // the label of the end of the scale this value is, for screen readers
}

// rateCols returns how many buttons of a scale of n values fit a row on a phone 320 px
// wide with every button at least 44 px: all of up to five values, otherwise two rows (three
// rows of four for eleven values).
func rateCols(n int) int {
	switch {
	case n <= 5:
		return n
	case n <= 10:
		return (n + 1) / 2
	}
	return 4
}

// fillRateView adds the rating scale to v and to each of its demands, with what the member
// sent in in (nil for a blank form).
func fillRateView(v *memberView, lang string, c *survey.Campaign, in *memberInput) {
	s := c.Scale
	low, high := s.LowLabel, s.HighLabel
	if low == "" {
		low = v.T(lang, "rate.low")
	}
	if high == "" {
		high = v.T(lang, "rate.high")
	}
	rv := &rateView{Min: s.Min, Max: s.Max, Cols: rateCols(s.Points()), Skip: !s.RequireAll,
		Ends: strconv.Itoa(s.Min) + " = " + low + ", " + strconv.Itoa(s.Max) + " = " + high}
	for ai := range v.Areas {
		for di := range v.Areas[ai].Demands {
			d := &v.Areas[ai].Demands[di]
			val, rated := in.Ratings[d.Key]
			rated = rated && s.Contains(val) // an off-scale value sent back with an error is not a rating
			d.Rated = rated
			rv.Total++
			if rated {
				rv.Rated++
			}
			for _, x := range s.Values() {
				o := rateOpt{Value: x, Checked: rated && val == x}
				switch x {
				case s.Min:
					o.End = low
				case s.Max:
					o.End = high
				}
				d.Opts = append(d.Opts, o)
			}
		}
	}
	v.Rate = rv
	v.Script = false // rate.js is loaded by the template instead of rank.js
}

// parseRatingForm reads the ratings of a rating questionnaire: one field rate-KEY per
// demand holding a value of the scale, or nothing (or "") for a demand left unrated.
// A value that is not a whole number is reported on its demand; range and the other rules
// are left to Response.Validate, so form and API give the same messages.
func parseRatingForm(lang string, camp *survey.Campaign, form url.Values, in *memberInput, r *survey.Response, errs view.FormErrors) {
	in.Ratings = map[string]int{}
	r.Ratings = map[string]int{}
	for _, d := range camp.Demands {
		s := strings.TrimSpace(form.Get("rate-" + d.Key))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			errs.Add("d:"+d.Key, survey.Message(lang, "rating_range", camp.Scale.Min, camp.Scale.Max))
			continue
		}
		in.Ratings[d.Key] = n
		r.Ratings[d.Key] = n
	}
}

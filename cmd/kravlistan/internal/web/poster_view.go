package web

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"
)

// The printed demand list "Våra krav till partierna" as a poster: who sends it (district
// name and logo), the election day, how many members answered and how, a call to action
// and a QR code to the results. A4 portrait by default; ?paper=a3 gives the same layout
// scaled to an A3 poster (static/assets/poster-a3.css).

// posterInfo is the poster part of kravlistaView.
type posterInfo struct {
	Sender   string
	LogoHref string // "" without a logo
	Election string // "Valet 13 september 2026", "" when no election day is set
	How      string // how members answered
	Channels string // by which channels the answers came in, with their numbers
	Call     string // the call to action
	QR       template.HTML
	QRText   string // the results address, written under the code
	Paper    string // "a4" or "a3"
	A3Href   string // the other paper size's address
	A4Href   string
}

// paperSize reads ?paper=: "a3" or else A4.
func paperSize(q string) string {
	if q == "a3" || q == "A3" {
		return "a3"
	}
	return "a4"
}

// monthNames are the months in the languages of the interface.
var monthNames = map[string][12]string{
	"sv": {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// longDay writes day (YYYY-MM-DD) as people write a date: "13 september 2026",
// "13. september 2026", "13 September 2026"; "" when day is not a date.
func longDay(lang, day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["sv"]
	}
	d := strconv.Itoa(t.Day())
	if lang == "nb" {
		d += "."
	}
	return d + " " + names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// newPosterInfo fills the poster part for campaign c with settings ps; resultsURL is the
// results page's full address, base the list's own address (for the paper links).
func newPosterInfo(p view.Page, c *survey.Campaign, ps survey.Poster, resultsURL, logoHref, base, sep, paper string) posterInfo {
	lang := p.Lang
	pi := posterInfo{Sender: ps.Sender, Paper: paper, QRText: resultsURL,
		A3Href: base + sep + "paper=a3", A4Href: base}
	if ps.LogoType != "" {
		pi.LogoHref = logoHref + "?v=" + ps.LogoSum
	}
	if d := longDay(lang, ps.ElectionDay); d != "" {
		pi.Election = p.T(lang, "poster.election", d)
	}
	pi.Call = ps.Call
	if pi.Call == "" {
		pi.Call = p.T(lang, "poster.call.default")
	}
	// How members answered: an open link, and QR posters at the workplaces when the
	// campaign has any. (A campaign with personal codes says so once codes exist.)
	if n := len(c.Workplaces); n == 1 {
		pi.How = p.T(lang, "poster.how.link_one_workplace")
	} else if n > 1 {
		pi.How = p.T(lang, "poster.how.link_workplaces", n)
	} else {
		pi.How = p.T(lang, "poster.how.link")
	}
	if svg, err := qrSVG(resultsURL, 160); err == nil {
		pi.QR = template.HTML(svg) // built here from the module matrix; no outside text in it
	}
	return pi
}

// posterChannels says by which channels the answers came in (issue 13), with the exact
// campaign-wide number of each, as the report's "channels": "Så kom svaren in: 412 via
// webben, 58 på papper och 31 per telefon." With one channel: "Alla svar kom in via
// webben."; "" without answers.
func posterChannels(p view.Page, ch report.Channels) string {
	lang := p.Lang
	var parts []string
	for _, c := range survey.Channels {
		if n := ch.Get(c); n > 0 {
			parts = append(parts, p.T(lang, "poster.ch."+string(c), fmtInt(lang, n)))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		for _, c := range survey.Channels {
			if ch.Get(c) > 0 {
				return p.T(lang, "poster.ch.only", p.T(lang, "poster.ch.only."+string(c)))
			}
		}
	}
	list := strings.Join(parts[:len(parts)-1], ", ") + p.T(lang, "poster.ch.and") + parts[len(parts)-1]
	return p.T(lang, "poster.ch.list", list)
}

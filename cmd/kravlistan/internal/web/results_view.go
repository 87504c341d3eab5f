package web

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/report"
	"kravlistan/survey"
)

// resultsView is the data of static/tmpl/results.html, the public results page.
type resultsView struct {
	view.Page
	Slug, Title string
	Answered    string // "1 234 medlemmar svarade."
	TooFew      bool   // fewer responses than the anonymity threshold: no figures at all
	Threshold   int
	Method      string // the counting method in one sentence
	Borda       bool   // show the Borda points column
	Rows        []resultRow
	ResultsHref string
	PrintHref   string
	JSONHref    string
	Preview     bool // the organiser's copy in the workspace
	Public      bool // the results are published (and the campaign closed)
	// Rate is set for a campaign whose members rated the demands (see results_rate.go).
	Rate *rateResults
	// Access says in plain words who could answer and, with one-time codes, how many
	// were used (issue 12).
	Access string
	// Origin says what the list is built from ("Listan bygger på 214 förslag från 37
	// arbetsplatser."), empty without an intake round; Areas is the area summary.
	Origin string
	Areas  []areaRow
	// ChannelsLine says how the answers came in ("Så kom svaren in: 412 via webben och 58
	// på papper."), only when they came through more than one channel.
	ChannelsLine string
}

// areaRow is one line of the area summary, formatted.
type areaRow struct {
	Area, Members, Share, Bar string
}

// resultRow is one demand of the ranked list, every figure already formatted.
type resultRow struct {
	Rank             int
	Key, Title, Area string
	// Origin is the demand's provenance in words ("bygger på 12 förslag från 5
	// arbetsplatser"), empty when no proposal was merged into it.
	Origin              string
	Share, CI           string
	Picks, First, Borda string
	Bar                 string // the bar's length in the SVG's 0–100 coordinates
	ShareText           string // "42 % valde kravet"
	Mean, Top, N        string // rating campaigns: mean rating, top-box share, number of ratings
}

// provenanceText says what a demand (key "results.provenance") or the whole list
// ("results.provenance_all") is built on, in singular or plural, leaving out the
// workplaces when every proposal came through the general link.
func provenanceText(p view.Page, key string, pv survey.Provenance) string {
	switch {
	case pv.Proposals == 1 && pv.Workplaces == 0:
		return p.T(p.Lang, key+".one0")
	case pv.Proposals == 1:
		return p.T(p.Lang, key+".one")
	case pv.Workplaces == 0:
		return p.T(p.Lang, key+".wp0", fmtInt(p.Lang, pv.Proposals))
	case pv.Workplaces == 1:
		return p.T(p.Lang, key+".wp1", fmtInt(p.Lang, pv.Proposals))
	}
	return p.T(p.Lang, key, fmtInt(p.Lang, pv.Proposals), fmtInt(p.Lang, pv.Workplaces))
}

// newResultsView lays out res for campaign c in the page's language.
func newResultsView(p view.Page, c *survey.Campaign, res *report.Results, preview bool) resultsView {
	lang := p.Lang
	v := resultsView{Page: p, Slug: c.Slug, Title: c.Title, Threshold: c.AnonymityThreshold,
		TooFew: res.Responses < c.AnonymityThreshold, Borda: c.Method == survey.MethodBorda,
		Method: methodSentence(p, lang, c), Preview: preview, Public: c.Published && c.State == survey.StateClosed,
		ResultsHref: "/r/" + c.Slug + p.LangQ, PrintHref: "/r/" + c.Slug + "/kravlista" + p.LangQ,
		JSONHref: "/r/" + c.Slug + "/results.json"}
	v.Access = accessSentence(p, c, res)
	if res.Provenance != nil {
		v.Origin = provenanceText(p, "results.provenance_all", *res.Provenance)
	}
	if v.TooFew {
		if c.Rates() && c.Scale != nil {
			fillRateResults(&v, c, res)
		}
		return v
	}
	if res.Responses == 1 {
		v.Answered = v.T(lang, "results.answered.one")
	} else {
		v.Answered = v.T(lang, "results.answered", fmtInt(lang, res.Responses))
	}
	used := 0
	for _, ch := range survey.Channels {
		if res.Channels.Get(ch) > 0 {
			used++
		}
	}
	if used > 1 {
		v.ChannelsLine = posterChannels(p, res.Channels)
	}
	for _, d := range res.Demands {
		row := resultRow{Rank: d.Rank, Key: d.Key, Title: d.Title, Area: d.Area, Share: fmtPct(lang, d.Share),
			Picks: fmtInt(lang, d.Picks), First: fmtInt(lang, d.FirstChoices), Borda: fmtInt(lang, d.Borda),
			Bar: strconv.FormatFloat(math.Round(d.Share*1000)/10, 'f', -1, 64)}
		row.ShareText = v.T(lang, "results.list.share", row.Share)
		if pv := d.Provenance; pv != nil && pv.Proposals > 0 {
			row.Origin = provenanceText(p, "results.provenance", *pv)
		}
		if d.ShareCI != nil {
			row.CI = fmtRange(p, lang, d.ShareCI[0], d.ShareCI[1])
		}
		v.Rows = append(v.Rows, row)
	}
	// Largest area first, as the demands are; ties keep the campaign's order. The JSON
	// keeps the campaign's order, which is the same in every group.
	areas := slices.Clone(res.Areas)
	slices.SortStableFunc(areas, func(a, b report.AreaResult) int { return cmp.Compare(b.Members, a.Members) })
	for _, a := range areas {
		name := a.Area
		if name == "" {
			name = v.T(lang, "results.areas.none")
		}
		v.Areas = append(v.Areas, areaRow{Area: name, Members: fmtInt(lang, a.Members), Share: fmtPct(lang, a.Share),
			Bar: strconv.FormatFloat(math.Round(a.Share*1000)/10, 'f', -1, 64)})
	}
	if len(v.Areas) < 2 {
		v.Areas = nil // one area says nothing the total does not
	}
	if c.Rates() && c.Scale != nil {
		fillRateResults(&v, c, res)
	}
	return v
}

// methodSentence explains in one sentence how the headline order was counted.
func methodSentence(p view.Page, lang string, c *survey.Campaign) string {
	switch c.Method {
	case survey.MethodPicks:
		return p.T(lang, "results.method.picks")
	case survey.MethodSchulze:
		return p.T(lang, "results.method.schulze")
	}
	return p.T(lang, "results.method.borda", c.MaxPicks, c.MaxPicks)
}

// pctSign is the per cent sign as the language writes it after a number.
func pctSign(lang string) string {
	if lang == "en" {
		return "%"
	}
	return "\u00a0%" // Swedish and Norwegian put a (no-break) space before it
}

// fmtPct formats a share 0–1 as a whole per cent; a share above 0 never shows as 0.
func fmtPct(lang string, share float64) string {
	p := math.Round(share * 100)
	if p == 0 && share > 0 {
		return "<1" + pctSign(lang)
	}
	return strconv.Itoa(int(p)) + pctSign(lang)
}

// fmtRange formats an interval of shares as "39–45 %".
func fmtRange(p view.Page, lang string, lo, hi float64) string {
	return p.T(lang, "results.ci", strconv.Itoa(int(math.Round(lo*100))), strconv.Itoa(int(math.Round(hi*100)))+pctSign(lang))
}

// fmtInt writes n with thousands grouped: "12 345" (narrow no-break space) in Swedish and
// Norwegian, "12,345" in English.
func fmtInt(lang string, n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 4 && lang != "en" || len(s) <= 3 {
		return s // Swedish style leaves four-digit numbers ungrouped
	}
	sep := "\u202f"
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	neg := s[0] == '-'
	if neg {
		b.WriteByte('-')
		s = s[1:]
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// kravlistaView is the data of static/tmpl/results_kravlista.html, the printable demand
// list "Våra krav till partierna".
type kravlistaView struct {
	resultsView
	posterInfo
	N, Total  int
	Heading   string // "De 10 krav som medlemmarna rangordnade högst"
	Generated string
	Layout    string // CSS classes that make the list fit one A4 page
	Clamped   bool
	MoreHref  string // to the whole list, when it is cut
	FewerHref string // back to the top 10, when showing more
	// Answers are the parties' published answers by demand key (issue 16): a line of
	// marks under each demand the parties were asked, with a legend in the footer.
	Answers map[string]posterAnswers
}

// defaultListLength is how many demands the printable list shows without ?n=.
const defaultListLength = 10

// listLength reads ?n=: a number from 1 up to every demand, or "all"/"alla"; anything else
// gives the default.
func listLength(q string, total int) int {
	n := defaultListLength
	switch q {
	case "":
	case "all", "alla":
		n = total
	default:
		if v, err := strconv.Atoi(q); err == nil && v > 0 {
			n = v
		}
	}
	return min(n, total)
}

// newKravlistaView lays out the top n demands of res for printing.
func newKravlistaView(p view.Page, c *survey.Campaign, res *report.Results, n int, preview bool, ps survey.Poster, resultsURL, paper string, answers map[string]posterAnswers) kravlistaView {
	rv := newResultsView(p, c, res, preview)
	total := len(res.Demands)
	v := kravlistaView{resultsView: rv, N: n, Total: total, Answers: answers,
		Generated: p.T(p.Lang, "results.list.generated", c.Day(res.GeneratedAt))}
	base, logo := "/r/"+c.Slug+"/kravlista", "/r/"+c.Slug+"/logo"
	if preview {
		base, logo = "/admin/campaigns/"+c.Slug+"/kravlista", "/admin/campaigns/"+c.Slug+"/logo"
	}
	sep := "?"
	if p.LangQ != "" {
		base += p.LangQ
		sep = "&"
	}
	v.posterInfo = newPosterInfo(p, c, ps, resultsURL, logo, base, sep, paper)
	v.Channels = posterChannels(p, res.Channels)
	if paper == "a3" {
		base += sep + "paper=a3"
		sep = "&"
	}
	if n < total {
		v.MoreHref = base + sep + "n=" + strconv.Itoa(total)
	} else if total > defaultListLength {
		v.FewerHref = base
	}
	all, top := "results.list.all", "results.list.top"
	if rv.Rate != nil {
		all, top = "rate.list.all", "rate.list.top"
	}
	if n == total {
		v.Heading = p.T(p.Lang, all, n)
	} else {
		v.Heading = p.T(p.Lang, top, n)
	}
	if rv.TooFew {
		v.Layout = "fs12 c1"
		return v
	}
	v.Rows = v.Rows[:n]
	titles, marks := make([]string, n), make([]int, n)
	for i, r := range v.Rows {
		titles[i] = r.Title
		marks[i] = utf8.RuneCountInString(answers[r.Key].Marks)
	}
	numEm := numberColsEm
	if rv.Rate != nil {
		numEm += 3 // the top-box share beside the mean
	}
	// The sentence on the channels (issue 13) takes the "how" paragraph to more lines: the
	// list gets less room by as many lines as the sentence would take on its own (never
	// fewer than it adds), in the small and in the large heading. The parties' answers
	// (issue 15) take the legend's line.
	budget, bigHead := float64(listBudgetMM), float64(bigHeadMM)
	if v.Channels != "" {
		small, big := textHeightMM(v.Channels, howPt), textHeightMM(v.Channels, howBigPt)
		budget -= small
		bigHead += big - small
	}
	if len(answers) > 0 {
		budget -= legendMM
	}
	l := fitList(titles, marks, numEm, budget)
	v.Layout = "fs" + strconv.Itoa(l.size) + " c" + strconv.Itoa(l.cols)
	if l.cols == 1 && l.clamp == 0 && listHeight(titles, marks, l.size, 1, 0, numEm) <= budget-bigHead {
		v.Layout += " big" // room to spare: a poster's heading, call and QR code
	}
	if l.clamp > 0 {
		v.Layout += " clamp" + strconv.Itoa(l.clamp)
		v.Clamped = true
	}
	return v
}

// The printed page, in millimetres: A4 less the @page margins of results.css, and the
// height left for the list once the sender, the heading, the lead, the call to action with
// its QR code and the method sentence are set (their sizes do not depend on the list).
// A short list is set in large type (up to largestPt) and its rows stretch to fill the
// page; A3 is the same page scaled by √2. The estimate is checked by a test that prints
// the page in chromium and counts the PDF's pages.
const (
	printWidthMM  = 210 - 2*14
	listBudgetMM  = 297 - 2*14 - 100
	bigHeadMM     = 25  // what the larger heading, call and QR code of a short list take more
	legendMM      = 5   // the legend of the parties' answers, when they are shown
	marksEm       = 0.8 // the size of a line of party answers under a title
	ptMM          = 0.3528
	charEm        = 0.53 // mean width of a character of Liberation Sans / Arial, generous
	lineEm        = 1.25
	itemPadEm     = 0.6
	columnGapMM   = 6
	numberColsEm  = 6.0 // the place number and the percentage
	itemGapsMM    = 6
	barWidth1MM   = 30
	barWidth2MM   = 14
	smallestPt    = 7
	largestPt     = 24
	largest2ColPt = 9
)

// The "how" paragraph's type size in points, as results.css sets it (.how, .big .how).
const (
	howPt    = 10
	howBigPt = 13
)

// textHeightMM estimates the height of a paragraph of s set across the page at pt points.
func textHeightMM(s string, pt float64) float64 {
	perLine := printWidthMM / (pt * ptMM * charEm)
	lines := math.Ceil(float64(utf8.RuneCountInString(s)) / perLine)
	return lines * pt * ptMM * lineEm
}

// listLayout is a font size in points, a number of columns and, as a last resort, the
// most lines a title may take.
type listLayout struct {
	size, cols, clamp int
}

// fitList picks the largest type that fits titles on the page, in one column if it can,
// else two; if even the smallest does not fit, long titles are cut to a few lines.
func fitList(titles []string, marks []int, numEm, budget float64) listLayout {
	for s := largestPt; s >= smallestPt; s-- {
		if listHeight(titles, marks, s, 1, 0, numEm) <= budget {
			return listLayout{size: s, cols: 1}
		}
	}
	for s := largest2ColPt; s >= smallestPt; s-- {
		if listHeight(titles, marks, s, 2, 0, numEm) <= budget {
			return listLayout{size: s, cols: 2}
		}
	}
	for l := 3; l > 1; l-- {
		if listHeight(titles, marks, smallestPt, 2, l, numEm) <= budget {
			return listLayout{size: smallestPt, cols: 2, clamp: l}
		}
	}
	return listLayout{size: smallestPt, cols: 2, clamp: 1}
}

// listHeight estimates the height in millimetres of the list set at size points in cols
// columns, with titles cut to clamp lines when clamp > 0; numEm is the width of the number
// columns in em; marks[i] is the length of item i's line of party answers (0: none).
func listHeight(titles []string, marks []int, size, cols, clamp int, numEm float64) float64 {
	em := float64(size) * ptMM
	colW := (printWidthMM - float64(cols-1)*columnGapMM) / float64(cols)
	bar := float64(barWidth1MM)
	if cols > 1 {
		bar = barWidth2MM
	}
	perLine := (colW - bar - numEm*em - itemGapsMM) / (charEm * em)
	hs := make([]float64, len(titles))
	for i, t := range titles {
		lines := math.Max(1, math.Ceil(float64(utf8.RuneCountInString(t))/perLine))
		if clamp > 0 {
			lines = math.Min(lines, float64(clamp))
		}
		hs[i] = lines*lineEm*em + itemPadEm*em
		if i < len(marks) && marks[i] > 0 { // the parties' answers, in smaller type, under the title
			ml := math.Ceil(float64(marks[i]) * marksEm / (perLine + numEm/charEm))
			hs[i] += math.Max(1, ml) * lineEm * marksEm * em
		}
	}
	if cols == 1 {
		var sum float64
		for _, h := range hs {
			sum += h
		}
		return sum
	}
	// Two balanced columns: the best split of the items in order.
	var total float64
	for _, h := range hs {
		total += h
	}
	best, prefix := total, 0.0
	for _, h := range hs {
		prefix += h
		best = math.Min(best, math.Max(prefix, total-prefix))
	}
	return best
}

// accessSentence says who could answer: "Varje medlem fick en engångskod" (with how many
// of the issued codes were used, once there are enough answers to show figures) or "Alla
// med länken kunde svara".
func accessSentence(p view.Page, c *survey.Campaign, res *report.Results) string {
	if !c.NeedsCode() {
		return p.T(p.Lang, "results.access.open")
	}
	s := p.T(p.Lang, "results.access.codes")
	if a := res.Access; a != nil && a.RatePercent() >= 0 && res.Responses >= c.AnonymityThreshold {
		s += " " + p.T(p.Lang, "results.access.rate", fmtInt(p.Lang, *a.CodesUsed), fmtInt(p.Lang, *a.CodesIssued), a.RatePercent())
	}
	return s
}

package xlsx

import (
	"strconv"
	"strings"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
)

var months = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
	"oktober", "november", "december"}

// swedishDate writes a day as "2 november 2026".
func swedishDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// dayText turns a stored day (YYYY-MM-DD) into a Swedish date.
func dayText(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return swedishDate(t)
}

// period describes when the answers came in, and when the campaign was open if that was
// set.
func period(c *survey.Campaign, fw *report.Fieldwork, loc *time.Location) string {
	var s string
	switch {
	case fw.FirstDay == "":
		s = "Inga svar ännu."
	case fw.FirstDay == fw.LastDay:
		s = "Alla svar kom " + dayText(fw.FirstDay) + "."
	default:
		s = "Första svaret kom " + dayText(fw.FirstDay) + ", det senaste " + dayText(fw.LastDay) + "."
	}
	at := func(t *time.Time) string { return swedishDate(t.In(loc)) + " kl. " + t.In(loc).Format("15.04") }
	switch {
	case c.OpensAt != nil && c.ClosesAt != nil:
		s += " Kampanjen var öppen från " + at(c.OpensAt) + " till " + at(c.ClosesAt) + "."
	case c.OpensAt != nil:
		s += " Kampanjen öppnade " + at(c.OpensAt) + "."
	case c.ClosesAt != nil:
		s += " Kampanjen stänger " + at(c.ClosesAt) + "."
	}
	return s
}

// access says who could answer and how.
func access(c *survey.Campaign, fw *report.Fieldwork) string {
	s := "Öppen länk: alla som fick kampanjens länk"
	if n := len(c.Workplaces); n > 0 {
		s += " eller en av de " + strconv.Itoa(n) + " arbetsplatsernas egna länkar"
	}
	s += " kunde svara, utan inloggning eller kod. Det går inte att kontrollera att den som svarar är medlem, " +
		"eller att ingen svarar två gånger."
	if c.NeedsCode() { // issue 12: one-time codes
		s = "Engångskoder: varje medlem fick en lapp med en egen kod som gällde ett svar. Koden sparas inte med svaret, " +
			"så ingen kan se vem som svarade vad."
	}
	if chs := fw.ChannelCounts(); len(chs) > 0 {
		var parts []string
		for _, ch := range chs {
			parts = append(parts, report.ChannelName(ch.Channel)+": "+thousands(ch.Responses))
		}
		s += "\nSvaren kom in " + strings.Join(parts, "; ") + "."
	}
	return s
}

// responseRate is the method box's response rate: with one-time codes, how many of the
// issued codes were used (issue 12).
func responseRate(res *report.Results) string {
	a := res.Access
	if a == nil || a.RatePercent() < 0 {
		return "Kan inte räknas ut: kampanjen har inga svarskoder och inget känt antal medlemmar att jämföra med."
	}
	return strconv.Itoa(a.RatePercent()) + " %: " + thousands(*a.CodesUsed) + " av " + thousands(*a.CodesIssued) + " utdelade engångskoder användes."
}

// channelLine gives the exact number of answers by each channel (issue 13):
// "Webb 40 · API 1 · Papper 12 · Telefon 2".
func channelLine(ch report.Channels) string {
	return "Webb " + thousands(ch.Web) + " · API " + thousands(ch.API) + " · Papper " + thousands(ch.Paper) +
		" · Telefon " + thousands(ch.Phone) + ". Exakta antal för hela kampanjen; uppdelningen av resultaten per kanal " +
		"följer samma skydd som andra grupper."
}

// thousands writes n with a space between thousands, as Swedish text does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b = append(b, "\u00a0"...)
		}
		b = append(b, s[i])
	}
	return string(b)
}

// headlineMargin returns the largest margin of error among the top demands (at most 10),
// in percentage points.
func headlineMargin(res *report.Results) float64 {
	m := 0.0
	for i, d := range res.Demands {
		if i == 10 {
			break
		}
		m = max(m, report.Margin(d))
	}
	return m
}

// SelfSelection is the caveat every report carries about the margin of error.
const SelfSelection = "Felmarginalen gäller om de som svarat vore ett slumpmässigt urval av medlemmarna. " +
	"Här har var och en själv valt att svara, så felmarginalen är för optimistisk: den verkliga osäkerheten om vad " +
	"alla medlemmar tycker är större och går inte att räkna ut. Jämför gärna grupperna i flikarna \"Per …\" för att se om " +
	"de som svarat skiljer sig från medlemskåren."

func writeSummary(w *sheetWriter, st *styles, c *survey.Campaign, res *report.Results, fw *report.Fieldwork, o Options) {
	widths := []float64{24, 62, 10, 16}
	w.widths(widths...)
	w.para(1, 4, "Resultat: "+c.Title, st.title, widths, 14)
	address := "/s/" + c.Slug
	if o.PublicURL != "" {
		address = strings.TrimRight(o.PublicURL, "/") + address
	}
	margin := "Ingen: det finns inga svar."
	if res.Responses > 0 {
		margin = "± " + swedish(headlineMargin(res), 1) + " procentenheter (högst, för andelarna i topplistan; 95 % konfidensnivå). " +
			"Varje kravs egen felmarginal står i fliken " + SheetRanking + "."
	}
	rows := [][2]any{
		{"Kampanj", c.Title},
		{"Kampanjens adress", address},
		{"Period", period(c, fw, o.Location)},
		{"Vilka kunde svara", access(c, fw)},
		{"Antal svar", res.Responses},
		{"Svar per kanal", channelLine(res.Channels)},
		{"Svarsfrekvens", responseRate(res)},
		{"Räknemetod", report.MethodName(res.Method) + ". " + report.MethodExplanation(res.Method, c.MaxPicks)},
		{"Lika resultat", report.TieBreakRule},
		{"Andel", report.ShareExplanation},
		{"Felmarginal", margin},
		{"Urvalet", SelfSelection},
		{"Skillnader mellan grupper", significanceNote},
		{"Skydd av gruppsiffror", strings.TrimSpace(report.SuppressionExplanation(c.AnonymityThreshold)+" "+res.Protection) +
			" I bladet " + SheetResponses + " visas arbetsplats och bakgrundssvar bara när minst " + strconv.Itoa(c.AnonymityThreshold) +
			" svar har exakt samma kombination; annars står det \"" + report.Hidden + "\". Svaren står i slumpmässig ordning, utan dag och tid."},
		{"Skapad", res.GeneratedAt.In(o.Location).Format("2006-01-02 15.04") + " (" + zoneName(o.Location) + ")"},
	}
	rates := c.Rates() && res.Scale != nil
	if rates { // issue 21: the rating campaign's method, tie-break, top box and margin
		copy(rows[7:11], ratingSummaryRows(c, res))
	}
	for i, r := range rows {
		row := 3 + i
		w.set(1, row, r[0], st.label)
		if w.err == nil {
			w.err = w.f.MergeCell(w.sheet, cell(2, row), cell(4, row))
		}
		switch v := r[1].(type) {
		case int:
			w.set(2, row, v, st.intLeft)
			w.style(2, row, 4, row, st.intLeft)
		case string:
			w.set(2, row, v, st.wrap)
			w.style(2, row, 4, row, st.wrap)
			w.height(row, lineHeight(v, sum(widths[1:]), 11))
		}
	}
	row := 4 + len(rows)
	w.set(1, row, "Topplistan", st.subtitle)
	row++
	if rates {
		writeRatingTop(w, st, row, res, widths)
		return
	}
	heads := []string{"Plats", "Krav", "Andel", "± procentenheter"}
	w.headers(row, heads, widths, st, 0)
	for i, d := range res.Demands {
		if i == 10 {
			break
		}
		r := row + 1 + i
		w.set(1, r, d.Rank, st.integer)
		w.set(2, r, d.Title, st.wrap)
		w.set(3, r, d.Share, st.percent)
		if d.ShareCI != nil {
			w.set(4, r, report.Margin(d), st.points)
		}
		w.fitRow(r, widths, map[int]string{2: d.Title})
	}
}

// zoneName names the time zone times are given in.
func zoneName(loc *time.Location) string {
	if loc.String() == "Europe/Stockholm" {
		return "svensk tid"
	}
	return loc.String()
}

// significanceNote explains the ▲/▼ marks of the crosstabs.
const significanceNote = "I flikarna \"Per …\" är en grupps andel markerad med ▲ när den är signifikant högre och med ▼ när den är " +
	"signifikant lägre än andelen bland alla andra som svarat (z-test för två andelar, 95 % konfidensnivå). " +
	"Med många jämförelser blir ungefär var tjugonde markering ändå slumpens verk, och markeringen säger inget om hur stor skillnaden är."

package web

import (
	"html/template"
	"net/url"
	"strings"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

// slipsPerSheet is how many slips fit an A4 sheet: 3 across, 8 down, each 70 × 37 mm.
const slipsPerSheet = 24

// slipsPage is the data of static/tmpl/admin_slips.html: a batch of codes as A4 sheets of
// slips to cut apart, each with the code, the workplace, the campaign's address and a QR
// code whose link carries the code. The workspace chrome is in the organiser's language,
// the slips in SlipLang.
type slipsPage struct {
	adminPage
	Batch    int64
	SlipLang string
	Name     string // the workplace's name, "" for none
	Short    string // the campaign's address without the scheme
	Sheets   [][]slip
	Back     string
}

// slip is one member's slip.
type slip struct {
	Code string // shown grouped: K7PX-3MQD
	Link string
	QR   template.HTML
}

// slipLink is the link a slip's QR code carries: the workplace's questionnaire with the
// code in ?kod=, so the member only taps.
func slipLink(base string, code string) string {
	return base + "?kod=" + url.QueryEscape(survey.FormatCode(code))
}

func newSlipsPage(v *view.Engine, c echo.Context, links linkBase, camp *survey.Campaign, ap adminPage, batch int64, workplace, lang string, codes []string) (slipsPage, error) {
	base := links.campaignURL(c, camp.Slug)
	name := ""
	if workplace != "" {
		base = links.workplaceURL(c, camp.Slug, workplace)
		name = workplaceName(v, lang, camp, workplace)
	}
	p := slipsPage{adminPage: ap, Batch: batch, SlipLang: lang, Name: name,
		Short: strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://"),
		Back:  "/admin/campaigns/" + camp.Slug + "/codes"}
	for i, code := range codes {
		if i%slipsPerSheet == 0 {
			p.Sheets = append(p.Sheets, nil)
		}
		link := slipLink(base, code)
		svg, err := qrSVG(link, 96)
		if err != nil {
			return p, err
		}
		// qrSVG writes only numbers and fixed markup, never the link itself.
		s := slip{Code: survey.FormatCode(code), Link: link, QR: template.HTML(svg)}
		p.Sheets[len(p.Sheets)-1] = append(p.Sheets[len(p.Sheets)-1], s)
	}
	return p, nil
}

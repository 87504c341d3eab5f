package web

import (
	"bytes"
	"fmt"
	"kravlistan/survey"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/skip2/go-qrcode"
)

// QR codes of the workplace links. github.com/skip2/go-qrcode encodes; the SVG is drawn
// here from its module matrix, so the posters print sharp at any size.

// qrLevel is the error correction level: Medium (15 %) survives a folded or slightly
// soiled poster and keeps the code coarse enough to scan from a metre away.
const qrLevel = qrcode.Medium

// qrPNGModule is the size of one module in the PNG, in pixels.
const qrPNGModule = 10

// qrSVG returns text as a QR code in SVG, quiet zone included, one unit per module and
// width and height of px pixels (the viewBox scales it).
func qrSVG(text string, px int) ([]byte, error) {
	q, err := qrcode.New(text, qrLevel)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap()
	n := len(bm)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" aria-hidden="true" focusable="false">`, n, n, px, px)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	// One rectangle per horizontal run of dark modules keeps the path short.
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}

// qrPNG returns text as a QR code in PNG, qrPNGModule pixels per module.
func qrPNG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrLevel)
	if err != nil {
		return nil, err
	}
	return q.PNG(-qrPNGModule)
}

// handleWorkplaceQR serves GET /admin/campaigns/{slug}/workplaces/{code}/qr.svg|png: the QR
// code of the workplace's short link, as an attachment when ?download=1.
func handleWorkplaceQR(st survey.Store, links linkBase, format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		wp, ok := camp.Workplace(c.Param("code"))
		if !ok {
			return errNoCampaign
		}
		link := links.workplaceURL(c, camp.Slug, wp.Code)
		var body []byte
		ctype := "image/png"
		if format == "svg" {
			ctype = "image/svg+xml"
			body, err = qrSVG(link, 512)
		} else {
			body, err = qrPNG(link)
		}
		if err != nil {
			return err
		}
		h := c.Response().Header()
		// The link depends on the host the page was asked through; keep it out of shared caches.
		h.Set("Cache-Control", "private, max-age=300")
		if c.QueryParam("download") == "1" {
			h.Set("Content-Disposition", `attachment; filename="qr-`+camp.Slug+`-`+wp.Code+`.`+format+`"`)
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		return c.Blob(http.StatusOK, ctype, body)
	}
}

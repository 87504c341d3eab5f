package web

import "html/template"

// partyQR returns the answer link url as an inline SVG QR code for print (qrSVG draws it
// with attributes only, so the strict CSP allows it), or nil if it cannot be encoded.
func partyQR(url string) any {
	svg, err := qrSVG(url, 200)
	if err != nil {
		return nil
	}
	return template.HTML(svg) // built from numbers only, no user text
}

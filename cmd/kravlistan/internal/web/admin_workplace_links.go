package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// linkBase builds the public links members open from posters and QR codes. A configured
// public URL (serve -public-url, env KRAVLISTAN_PUBLIC_URL) wins; without one the scheme and
// host the organiser's own request came through are used, which is right whenever the
// organiser reaches the service at the same address as the members.
type linkBase struct {
	public string // e.g. "https://krav.lo.se", no trailing slash; "" = from the request
}

func newLinkBase(publicURL string) linkBase {
	return linkBase{public: strings.TrimRight(publicURL, "/")}
}

// base returns the scheme and host links start with, without a trailing slash.
func (l linkBase) base(c echo.Context) string {
	if l.public != "" {
		return l.public
	}
	return c.Scheme() + "://" + c.Request().Host
}

// workplaceURL returns the short link of a workplace: {base}/s/{slug}/{code}. Slugs and
// codes are restricted to URL-safe characters by validation.
func (l linkBase) workplaceURL(c echo.Context, slug, code string) string {
	return l.base(c) + "/s/" + slug + "/" + code
}

// campaignURL returns the campaign's general link, for members without a workplace.
func (l linkBase) campaignURL(c echo.Context, slug string) string {
	return l.base(c) + "/s/" + slug
}

// CheckPublicURL accepts "" or an absolute http(s) URL with a host and nothing after the
// path (no query or fragment), as given to serve -public-url.
func CheckPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("-public-url %q: use the scheme and host members open, e.g. https://krav.example.org", s)
	}
	return nil
}

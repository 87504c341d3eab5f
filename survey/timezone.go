package survey

import (
	"sync"
	"time"
	_ "time/tzdata" // campaigns keep their own time zone on any host, also one without zoneinfo
)

// DefaultTimeZone is the time zone of a campaign that names none.
const DefaultTimeZone = "Europe/Stockholm"

// TimeZones lists the time zones the workspace offers; a campaign file may name any IANA
// zone.
var TimeZones = []string{"Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki"}

var zones sync.Map // name → *time.Location, so that equal campaigns share one *Location

// LoadZone returns the time zone called name (an IANA name such as Europe/Oslo).
func LoadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		return nil, &Error{Code: EINVALID, Message: "okänd tidszon " + name}
	}
	l, _ := zones.LoadOrStore(name, loc)
	return l.(*time.Location), nil
}

// Location is the campaign's time zone: every time shown or typed for the campaign is in
// it, whatever the server's TZ.
func (c *Campaign) Location() *time.Location {
	name := c.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	if loc, err := LoadZone(name); err == nil {
		return loc
	}
	loc, _ := LoadZone(DefaultTimeZone)
	return loc
}

// InZone sets the campaign's opening and closing times to its own time zone, so that
// formatting them anywhere shows the campaign's wall clock. The instants do not change.
func (c *Campaign) InZone() {
	loc := c.Location()
	if c.OpensAt != nil {
		t := c.OpensAt.In(loc)
		c.OpensAt = &t
	}
	if c.ClosesAt != nil {
		t := c.ClosesAt.In(loc)
		c.ClosesAt = &t
	}
}

// Day is the date of t in the campaign's time zone (YYYY-MM-DD).
func (c *Campaign) Day(t time.Time) string { return Day(t.In(c.Location())) }

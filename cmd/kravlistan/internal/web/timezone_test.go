package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"kravlistan/survey"
)

// serverInUTC makes the process's local time UTC (the Docker image has no TZ), as if the
// server ran under TZ=UTC, for the rest of the test.
func serverInUTC(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

// TestTimeZoneUnderUTC: every time shown or typed for a campaign is in the campaign's
// time zone, not the server's. The opening 08:00 Swedish time used to read 07:00 on a
// server in UTC.
func TestTimeZoneUnderUTC(t *testing.T) {
	serverInUTC(t)
	e, st, clock, adaPW, _ := adminTestServer(t)
	ctx := context.Background()
	for _, tc := range []struct{ slug, zone, utc string }{
		{"sthlm", "", "2099-03-02T07:00:00Z"},                   // default Europe/Stockholm, winter: UTC+1
		{"oslo", "Europe/Oslo", "2099-06-02T06:00:00Z"},         // summer: UTC+2
		{"helsinki", "Europe/Helsinki", "2099-03-02T06:00:00Z"}, // UTC+2
	} {
		c := survey.Demo()
		c.Slug, c.TimeZone = tc.slug, tc.zone
		at, _ := time.Parse(time.RFC3339, tc.utc)
		c.OpensAt = &at
		if err := st.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
		day := tc.utc[:10]
		wantStatus(t, get(e, "/s/"+tc.slug), http.StatusForbidden, "Enkäten öppnar "+day+" 08:00")
		wantStatus(t, get(e, "/s/"+tc.slug+"?lang=en"), http.StatusForbidden, "The survey opens "+day+" 08:00")
	}

	b := signIn(t, e, "ada", adaPW)
	wantStatus(t, b.get("/admin/campaigns/oslo/settings"), http.StatusOK, `value="2099-06-02T08:00"`, `value="Europe/Oslo" selected`)
	wantStatus(t, b.get("/admin/campaigns/oslo"), http.StatusOK, "2099-06-02 08:00")

	// Typed times are the campaign's wall clock in the zone chosen in the same form.
	base := "/admin/campaigns/utkast"
	form := url.Values{"title": {"Valet"}, "intro": {""}, "min_picks": {"1"}, "max_picks": {"3"}, "anonymity_threshold": {"5"},
		"method": {"borda"}, "opens_at": {"2026-03-01T08:00"}, "closes_at": {"2026-06-01T20:00"}, "time_zone": {"Europe/Oslo"}}
	wantStatus(t, b.post(base+"/settings", form), http.StatusSeeOther)
	c := stored(t, st, "utkast")
	if c.TimeZone != "Europe/Oslo" || c.OpensAt.UTC().Format(time.RFC3339) != "2026-03-01T07:00:00Z" ||
		c.ClosesAt.UTC().Format(time.RFC3339) != "2026-06-01T18:00:00Z" {
		t.Fatalf("stored %s %v %v", c.TimeZone, c.OpensAt.UTC(), c.ClosesAt.UTC())
	}
	wantStatus(t, b.get(base+"/settings"), http.StatusOK, `value="2026-03-01T08:00"`, `value="2026-06-01T20:00"`)
	form.Set("time_zone", "Europe/Helsinki")
	wantStatus(t, b.post(base+"/settings", form), http.StatusSeeOther)
	if c := stored(t, st, "utkast"); c.OpensAt.UTC().Hour() != 6 {
		t.Fatalf("Helsinki 08:00 stored as %v", c.OpensAt.UTC())
	}
	form.Set("time_zone", "Mars/Olympus")
	wantStatus(t, b.post(base+"/settings", form), http.StatusUnprocessableEntity, "ingen känd tidszon")

	// The log of edited demands gives its times on the campaign's clock.
	clock.mu.Lock()
	clock.t = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	clock.mu.Unlock()
	answer(t, st, "oslo", "heltid")
	wantStatus(t, b.post("/admin/campaigns/oslo/demands/heltid", url.Values{"title": {"Heltid som norm i kommunerna"}, "reason": {"förtydligande"}}), http.StatusSeeOther)
	wantStatus(t, b.get("/admin/campaigns/oslo/demands"), http.StatusOK, "2026-01-15 11:00, ada")
	wantStatus(t, b.get("/admin/campaigns/oslo/progress"), http.StatusOK, `<span id="p-updated">11:00:00</span>`)

	// Party deadlines and the times beside them.
	oslo := &survey.Campaign{TimeZone: "Europe/Oslo"}
	at := time.Date(2026, 9, 1, 22, 30, 0, 0, time.UTC)
	if got := localTime(oslo, at); got != "2026-09-02 00:30" {
		t.Fatalf("localTime = %s", got)
	}
	if got := oslo.Day(at); got != "2026-09-02" {
		t.Fatalf("Day = %s", got)
	}
}

func TestTimeZoneInCampaignFile(t *testing.T) {
	c := survey.Demo()
	c.TimeZone = "Nowhere/Atlantis"
	err := c.Validate()
	if fe := survey.FieldErrors(err); len(fe) != 1 || fe[0].Field != "time_zone" {
		t.Fatalf("%v", err)
	}
	c.TimeZone = ""
	c.ApplyDefaults()
	if c.TimeZone != "Europe/Stockholm" || c.Location().String() != "Europe/Stockholm" {
		t.Fatal(c.TimeZone)
	}
}

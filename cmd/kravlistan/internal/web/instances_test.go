package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/postgres"
	"kravlistan/survey/postgres/pgtest"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// twoInstances opens two PostgreSQL stores on one new database and the real router over
// each: two instances of the service behind a proxy, in one process.
func twoInstances(t *testing.T) (a, b survey.Store, ea, eb *echo.Echo) {
	t.Helper()
	dsn := pgtest.DSN(t)
	open := func() (survey.Store, *echo.Echo) {
		pg, err := postgres.OpenWith(context.Background(), dsn, postgres.Options{Tallier: report.Tallies{}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pg.Close() })
		e := New(Deps{Store: pg, Views: testEngine(t), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		return pg, e
	}
	a, ea = open()
	b, eb = open()
	return a, b, ea, eb
}

// within polls cond until it holds, for at most d (changes reach the other instance
// through LISTEN/NOTIFY, a few milliseconds after the commit).
func within(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			t.Fatalf("%s: not seen on the other instance within %v", what, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%s: seen on the other instance after %v", what, time.Since(start).Round(time.Millisecond))
}

func body(e http.Handler, path string) (int, string) {
	rec := do(e, http.MethodGet, path, "", "")
	return rec.Code, rec.Body.String()
}

// TestTwoInstancesSeeEachOthersEdits: what one instance changes shows on the other within
// a second, also where the other serves it from a cache: the questionnaire (the campaign
// document), the published results and printable list (publishing, the poster, the
// proposals merged into a demand) and the party page (its publish switch).
func TestTwoInstancesSeeEachOthersEdits(t *testing.T) {
	a, _, _, eb := twoInstances(t)
	ctx := context.Background()
	if err := a.CreateCampaign(ctx, survey.Demo()); err != nil {
		t.Fatal(err)
	}
	if code, page := body(eb, "/s/demo"); code != http.StatusOK || !strings.Contains(page, "Heltid som norm") {
		t.Fatalf("B's questionnaire: %d", code)
	}
	edit := func(fn func(c *survey.Campaign)) {
		t.Helper()
		c, err := a.CampaignDoc(ctx, "demo")
		if err != nil {
			t.Fatal(err)
		}
		fn(c)
		if err := a.SaveCampaign(ctx, c, "test", ""); err != nil {
			t.Fatal(err)
		}
	}
	edit(func(c *survey.Campaign) { c.Demands[0].Title = "Heltid åt alla som vill" })
	within(t, time.Second, "a demand reworded", func() bool {
		_, page := body(eb, "/s/demo")
		return strings.Contains(page, "Heltid åt alla som vill")
	})

	// A proposal merged into a new demand through A: B's questionnaire lists it.
	r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01", Ranking: []string{"heltid"},
		Proposal: "Fler bussar till industriområdet"}
	camp, err := a.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Submit(ctx, camp.ID, r); err != nil {
		t.Fatal(err)
	}
	ps, err := a.Proposals(ctx, camp.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("proposals %v, %v", ps, err)
	}
	doc, err := a.CampaignDoc(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	doc.Demands = append(doc.Demands, survey.Demand{Key: "bussar", Area: doc.Demands[0].Area, Title: "Bussar till industriområdena"})
	if err := a.MergeProposals(ctx, doc, []uuid.UUID{ps[0].ID}, "bussar", "test", ""); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "a proposal merged into a new demand", func() bool {
		_, page := body(eb, "/s/demo")
		return strings.Contains(page, "Bussar till") // long words get soft hyphens
	})

	// Closed and published through A: B serves the results, then a change of wording in
	// the cached results, and the poster's sender on the printable list.
	if code, _ := body(eb, "/r/demo"); code != http.StatusNotFound {
		t.Fatalf("B shows unpublished results: %d", code)
	}
	edit(func(c *survey.Campaign) { c.State = survey.StateClosed })
	if err := a.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "results published", func() bool { code, _ := body(eb, "/r/demo"); return code == http.StatusOK })
	edit(func(c *survey.Campaign) { c.Title = "Valet 2026 – kraven" })
	within(t, time.Second, "the title of published results", func() bool {
		_, page := body(eb, "/r/demo")
		return strings.Contains(page, "Valet 2026 – kraven")
	})
	if err := a.SavePoster(ctx, camp.ID, survey.Poster{Sender: "LO-distriktet i Provstad"}); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "the poster's sender", func() bool {
		_, page := body(eb, "/r/demo/kravlista")
		return strings.Contains(page, "LO-distriktet i Provstad")
	})

	// The party page, published through A.
	if err := a.InitParties(ctx, camp.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.FreezeList(ctx, camp, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid åt alla som vill", Rank: 1, Picks: 1, Share: 1}}); err != nil {
		t.Fatal(err)
	}
	if code, _ := body(eb, "/r/demo/partier"); code != http.StatusNotFound {
		t.Fatalf("B shows an unpublished party page: %d", code)
	}
	if err := a.SetPartiesPublished(ctx, camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "the party page published", func() bool { code, _ := body(eb, "/r/demo/partier"); return code == http.StatusOK })
	if err := a.SetPublished(ctx, "demo", false); err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, "results unpublished", func() bool { code, _ := body(eb, "/r/demo"); return code == http.StatusNotFound })
}

// TestTwoInstancesShareSignInAndThrottles: a sign-in form from one instance is accepted by
// the other and the session works on both; wrong passwords count on both (the sixth,
// wherever it is sent, waits); an id burned by a conflicting resend on one instance
// answers 409 on the other, also to its stored ballot.
func TestTwoInstancesShareSignInAndThrottles(t *testing.T) {
	a, _, ea, eb := twoInstances(t)
	ctx := context.Background()
	if err := a.CreateCampaign(ctx, survey.Demo()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, "anna", survey.RoleAdmin, HashPassword("rätt lösenord 1234")); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, ea)
	c.get("/admin/login")
	c.e = eb
	rec := c.post("/admin/login", url.Values{"name": {"anna"}, "password": {"rätt lösenord 1234"}})
	wantStatus(t, rec, http.StatusSeeOther)
	c.e = ea
	wantStatus(t, c.get("/admin"), http.StatusOK)

	w := newClient(t, ea)
	w.get("/admin/login")
	for i := range freeAttemptsAccount {
		w.e = []http.Handler{ea, eb}[i%2]
		rec := w.post("/admin/login", url.Values{"name": {"anna"}, "password": {fmt.Sprintf("fel %d", i)}})
		wantStatus(t, rec, http.StatusUnauthorized)
	}
	for _, e := range []http.Handler{ea, eb} {
		w.e = e
		rec := w.post("/admin/login", url.Values{"name": {"anna"}, "password": {"fel igen"}})
		wantStatus(t, rec, http.StatusTooManyRequests)
	}

	id := uuid.NewString()
	ballot := func(first string) string {
		return fmt.Sprintf(`{"id":%q,"ranking":[%q,"visstid"]}`, id, first)
	}
	const path = "/api/v1/campaigns/demo/responses"
	wantStatus(t, do(ea, http.MethodPost, path, jsonType, ballot("heltid")), http.StatusCreated)
	wantStatus(t, do(eb, http.MethodPost, path, jsonType, ballot("heltid")), http.StatusOK) // a retry through B
	wantStatus(t, do(ea, http.MethodPost, path, jsonType, ballot("bemanning")), http.StatusConflict)
	wantStatus(t, do(eb, http.MethodPost, path, jsonType, ballot("heltid")), http.StatusConflict)
}

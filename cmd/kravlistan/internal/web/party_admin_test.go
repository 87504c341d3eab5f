package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"
)

var partyLinkRE = regexp.MustCompile(`value="https?://[^/"]+(/p/[A-Za-z0-9_-]+)"`)

// TestPartyAdmin walks the organiser's party pages as a signed-in admin: parties,
// assembly, freezing and editing the list, links shown once and revoked, reopening,
// assessments, publication and follow-ups.
func TestPartyAdmin(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	ctx := context.Background()
	camp, _ := st.Campaign(ctx, "demo")
	base := "/admin/campaigns/demo/parties"

	t.Run("NeedsSession", func(t *testing.T) {
		anon := newClient(t, e)
		if rec := anon.get(base); rec.Code != http.StatusSeeOther && rec.Code != http.StatusFound {
			t.Errorf("anonymous GET: %d", rec.Code)
		}
		if rec := anon.post(base+"/publish", url.Values{"published": {"1"}}); rec.Code != http.StatusForbidden {
			t.Errorf("anonymous POST: %d", rec.Code)
		}
	})
	b := signIn(t, e, "ada", adaPW)
	wantStatus(t, b.get(base), http.StatusOK, "Socialdemokraterna", "Sverigedemokraterna", "Inte öppnad", `href="/admin/campaigns/demo/parties"`)
	t.Run("NoCSRF", func(t *testing.T) {
		rec := b.post(base+"/publish", url.Values{"csrf": {"wrong"}, "published": {"1"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("wrong CSRF: %d", rec.Code)
		}
	})
	ps, _ := st.Parties(ctx, camp.ID)
	pid := func(i int) string { return strconv.FormatInt(ps[i].ID, 10) }

	// settingsForm is the one settings form as the page fills it in, with seats[i] for party i.
	settingsForm := func(level string, total int, seats []int) url.Values {
		all, _ := st.Parties(ctx, camp.ID)
		set, _ := st.PartySettings(ctx, camp.ID)
		a := strconv.FormatInt(set.Assemblies[0].ID, 10)
		f := url.Values{"a-name-" + a: {set.Assemblies[0].Name}, "a-level-" + a: {level}, "a-seats-" + a: {strconv.Itoa(total)}}
		for i, p := range all {
			id := strconv.FormatInt(p.ID, 10)
			f.Set("short-"+id, p.Short)
			f.Set("name-"+id, p.Name)
			f.Set("colour-"+id, p.Colour)
			f.Set("seats-"+id, strconv.Itoa(p.Seats))
			if i < len(seats) {
				f.Set("seats-"+id, strconv.Itoa(seats[i]))
			}
		}
		return f
	}

	t.Run("Parties", func(t *testing.T) {
		page := b.get(base).Body.String()
		if n := strings.Count(page, `action="/admin/campaigns/demo/parties/settings"`); n != 1 {
			t.Errorf("%d settings forms, want one", n)
		}
		if n := strings.Count(page, "Spara inställningarna"); n != 1 {
			t.Errorf("%d save buttons for the settings, want one", n)
		}
		bad := settingsForm("riksdag", 349, nil)
		bad.Set("colour-"+pid(0), "red")
		wantStatus(t, b.post(base+"/settings", bad), http.StatusUnprocessableEntity, "måste vara en färg som #RRGGBB")
		wantStatus(t, b.post(base+"/settings", settingsForm("kommun", 61, nil)),
			http.StatusUnprocessableEntity, "partierna har tillsammans 349 mandat, men församlingen har bara 61")
		// Nothing of a refused form was saved.
		if p, _ := st.Party(ctx, camp.ID, ps[0].ID); p.Colour != ps[0].Colour {
			t.Errorf("colour saved from a refused form: %s", p.Colour)
		}
		form := settingsForm("kommun", 61, []int{22, 14, 8, 4, 5, 2, 3, 3})
		aid := strconv.FormatInt(all0Assembly(t, st, camp.ID), 10)
		form.Set("short-new-"+aid, "Lokalt")
		form.Set("name-new-"+aid, "Sjukvårdspartiet")
		form.Set("colour-new-"+aid, "#123456")
		form.Set("seats-new-"+aid, "0")
		if rec := b.post(base+"/settings", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", rec.Code, rec.Body)
		}
		all, _ := st.Parties(ctx, camp.ID)
		set, _ := st.PartySettings(ctx, camp.ID)
		if len(all) != 9 || all[8].Name != "Sjukvårdspartiet" || all[0].Seats != 22 || set.Assemblies[0].Seats != 61 || set.Assemblies[0].Level != survey.LevelKommun {
			t.Fatalf("%+v %+v", all, set)
		}
		form = settingsForm("kommun", 61, nil)
		form.Set("delete-"+strconv.FormatInt(all[8].ID, 10), "1")
		if rec := b.post(base+"/settings", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("delete: %d", rec.Code)
		}
		if all, _ := st.Parties(ctx, camp.ID); len(all) != 8 {
			t.Fatalf("%d parties after deleting one", len(all))
		}
	})

	t.Run("LinksBeforeFreeze", func(t *testing.T) {
		// Before the list is frozen there is no link button and a link cannot be made.
		page := b.get(base)
		wantStatus(t, page, http.StatusOK, "Svarslänkar kan skapas först när kravlistan är fastställd", `aria-current="step"`)
		if strings.Contains(page.Body.String(), "Skapa ny länk") {
			t.Error("a link button before the list is frozen")
		}
		wantStatus(t, b.post(base+"/"+pid(0)+"/links", nil), http.StatusUnprocessableEntity, "ange sista svarsdag")
		if _, err := st.CreatePartyLink(ctx, camp.ID, ps[0].ID, st.Now().AddDate(0, 0, 7)); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("link before freezing: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		wantStatus(t, b.get(base+"/list"), http.StatusOK, "Fastställ kravlistan")
		if rec := b.post(base+"/freeze", url.Values{"n": {"4"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("freeze: %d %s", rec.Code, rec.Body)
		}
		items, _ := st.PartyList(ctx, camp.ID)
		if len(items) != 4 {
			t.Fatalf("%+v", items)
		}
		// Drop the last, move the third first, reword the first, add one.
		form := url.Values{"add": {"valfardsrad"}}
		for i, it := range items {
			id := strconv.FormatInt(it.ID, 10)
			form.Set("pos-"+id, strconv.Itoa(i+1))
			form.Set("title-"+id, it.Title)
		}
		form.Set("pos-"+strconv.FormatInt(items[2].ID, 10), "0.5")
		form.Set("title-"+strconv.FormatInt(items[0].ID, 10), "Heltid – på riktigt")
		form.Set("drop-"+strconv.FormatInt(items[3].ID, 10), "1")
		if rec := b.post(base+"/list", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", rec.Code, rec.Body)
		}
		got, _ := st.PartyList(ctx, camp.ID)
		if len(got) != 4 || got[0].ID != items[2].ID || got[1].Title != "Heltid – på riktigt" || got[3].DemandKey != "valfardsrad" {
			t.Fatalf("%+v", got)
		}
		form.Set("title-"+strconv.FormatInt(items[0].ID, 10), " ")
		form.Del("add")
		wantStatus(t, b.post(base+"/list", form), http.StatusUnprocessableEntity, "måste fyllas i")
	})

	var token string
	t.Run("LinkShownOnce", func(t *testing.T) {
		// A deadline in the past is refused; a good one is kept for every link.
		form := settingsForm("kommun", 61, nil)
		form.Set("deadline", st.Now().AddDate(0, 0, -2).Format("2006-01-02"))
		wantStatus(t, b.post(base+"/settings", form), http.StatusUnprocessableEntity, "sista svarsdagen har redan passerat")
		form.Set("deadline", "igår")
		wantStatus(t, b.post(base+"/settings", form), http.StatusUnprocessableEntity, "måste vara ett datum")
		day := st.Now().AddDate(0, 0, 7).In(camp.Location()).Format("2006-01-02")
		form.Set("deadline", day)
		if rec := b.post(base+"/settings", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("deadline: %d %s", rec.Code, rec.Body)
		}
		rec := b.post(base+"/"+pid(0)+"/links", nil)
		wantStatus(t, rec, http.StatusCreated, "visas bara den här gången", "<svg", "shape-rendering", "Kopiera länken",
			"Till Socialdemokraterna", "Svara senast "+longDay("sv", day), `<ol class="litems"><li>`, `class="letter"`)
		m := partyLinkRE.FindStringSubmatch(rec.Body.String())
		if m == nil {
			t.Fatalf("no link in %s", rec.Body)
		}
		token = m[1]
		if strings.Contains(b.get(base).Body.String(), token) {
			t.Error("the link shows again")
		}
		wantStatus(t, newClient(t, e).get(token), http.StatusOK, "Svar från Socialdemokraterna")
		// Moving the deadline moves the link's end with it.
		later := st.Now().AddDate(0, 0, 14).In(camp.Location()).Format("2006-01-02")
		form.Set("deadline", later)
		if rec := b.post(base+"/settings", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("move deadline: %d", rec.Code)
		}
		links, _ := st.PartyLinks(ctx, camp.ID)
		if got := links[0].ExpiresAt.In(camp.Location()).AddDate(0, 0, -1).Format("2006-01-02"); got != later {
			t.Errorf("link ends the day after %s, want %s", got, later)
		}
	})

	t.Run("ReopenAndRevoke", func(t *testing.T) {
		items, _ := st.PartyList(ctx, camp.ID)
		as := make([]survey.Answer, len(items))
		for i, it := range items {
			as[i] = survey.Answer{ItemID: it.ID, Value: survey.AnswerYes}
		}
		if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, as, true); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, b.get(base), http.StatusOK, "Inskickad", "Lås upp svaren")
		if rec := b.post(base+"/"+pid(0)+"/reopen", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("reopen: %d", rec.Code)
		}
		if p, _ := st.Party(ctx, camp.ID, ps[0].ID); p.Status.State() != survey.PartyDraft {
			t.Fatalf("state %s", p.Status.State())
		}
		links, _ := st.PartyLinks(ctx, camp.ID)
		if rec := b.post(base+"/links/"+strconv.FormatInt(links[0].ID, 10)+"/revoke", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", rec.Code)
		}
		if rec := newClient(t, e).get(token); rec.Code != http.StatusNotFound {
			t.Errorf("revoked link: %d", rec.Code)
		}
		p, _ := st.Party(ctx, camp.ID, ps[0].ID)
		if _, err := st.SavePartyAnswers(ctx, ps[0].ID, p.Status.Version, as, true); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("RewordAfterAnswers", func(t *testing.T) {
		// S has answered: the wording it answered stays, and the editor says so.
		items, _ := st.PartyList(ctx, camp.ID)
		page := b.get(base + "/list")
		wantStatus(t, page, http.StatusOK, "Partierna har svarat på den här formuleringen", `name="title-`+strconv.FormatInt(items[0].ID, 10)+`" value="`)
		form := url.Values{}
		for i, it := range items {
			id := strconv.FormatInt(it.ID, 10)
			form.Set("pos-"+id, strconv.Itoa(i+1))
			form.Set("title-"+id, it.Title)
			form.Set("body-"+id, it.Body)
		}
		form.Set("title-"+strconv.FormatInt(items[0].ID, 10), "Något helt annat")
		wantStatus(t, b.post(base+"/list", form), http.StatusUnprocessableEntity, "partierna har redan svarat på det här kravet")
		if got, _ := st.PartyList(ctx, camp.ID); got[0].Title != items[0].Title {
			t.Errorf("reworded to %q", got[0].Title)
		}
		// Before publishing, the organiser can print "Så svarade partierna" for a meeting.
		wantStatus(t, b.get(base+"/svar"), http.StatusOK, "Så svarade partierna", items[0].Title)
		if rec := newClient(t, e).get("/r/demo/partier/svar"); rec.Code != http.StatusNotFound {
			t.Errorf("public answers before publishing: %d", rec.Code)
		}
	})

	t.Run("AssessAndPublish", func(t *testing.T) {
		items, _ := st.PartyList(ctx, camp.ID)
		wantStatus(t, b.get(base+"/matrix"), http.StatusOK, "Vår bedömning av svaren", "Ingen majoritet (22 mandat)")
		if rec := b.post(base+"/assess", url.Values{"item": {strconv.FormatInt(items[0].ID, 10)}, "as-" + pid(0): {"unclear"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("assess: %d %s", rec.Code, rec.Body)
		}
		ms, _ := st.PartyMatrices(ctx, camp.ID)
		m := ms[0]
		if m.Cells[0][0].Assessment != survey.AssessUnclear || m.Majority[0].Seats != 0 {
			t.Fatalf("%+v %+v", m.Cells[0][0], m.Majority[0])
		}
		if rec := newClient(t, e).get("/r/demo/partier"); rec.Code != http.StatusNotFound {
			t.Fatalf("public before publishing: %d", rec.Code)
		}
		if rec := b.post(base+"/publish", url.Values{"published": {"1"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d", rec.Code)
		}
		wantStatus(t, newClient(t, e).get("/r/demo/partier"), http.StatusOK, "Vår bedömning: Oklart", "Majoritet: 31 av 61 mandat.")
	})

	t.Run("FollowUp", func(t *testing.T) {
		items, _ := st.PartyList(ctx, camp.ID)
		form := url.Values{"item": {strconv.FormatInt(items[1].ID, 10)}, "party": {pid(0)}, "status": {"pagar"}, "day": {"1 mars"}, "note": {"<i>utredning</i>"}}
		wantStatus(t, b.post(base+"/followup", form), http.StatusUnprocessableEntity, "måste vara ett datum")
		form.Set("day", "2027-03-01")
		if rec := b.post(base+"/followup", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("follow-up: %d %s", rec.Code, rec.Body)
		}
		wantStatus(t, b.get(base+"/followup"), http.StatusOK, "Pågår", "2027-03-01", "&lt;i&gt;utredning&lt;/i&gt;")
	})
}

// all0Assembly returns the id of a campaign's first assembly.
func all0Assembly(t *testing.T, st survey.Store, campaignID int64) int64 {
	t.Helper()
	set, err := st.PartySettings(context.Background(), campaignID)
	if err != nil || len(set.Assemblies) == 0 {
		t.Fatal(set, err)
	}
	return set.Assemblies[0].ID
}

package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/survey"
)

// TestPartiesAcrossElections: "Så svarade partierna" lists every demand with each party's
// answer and comment; the public page sums up per party how many promises were kept (the
// latest follow-up counts); duplicating the campaign carries its assembly and parties
// (without answers or refusals) and the copy's party page links the earlier answers.
func TestPartiesAcrossElections(t *testing.T) {
	f := newPartyFixture(t)
	ctx := context.Background()
	ps := make([]survey.Party, len(f.ps))
	for i, p := range f.ps {
		ps[i] = p.Party
		ps[i].Seats = []int{22, 14, 8, 4, 5, 2, 3, 3}[i]
	}
	ps[6].Refused = true
	set0, _ := f.st.PartySettings(ctx, f.camp.ID)
	municipal := set0.Assemblies[0]
	municipal.Name, municipal.Level, municipal.Seats = "Kommunfullmäktige i Huddinge", survey.LevelKommun, 61
	if err := f.st.SaveParties(ctx, f.camp.ID, municipal, ps, nil); err != nil {
		t.Fatal(err)
	}
	f.submit(t, 0, survey.AnswerYes, "")
	f.submit(t, 1, survey.AnswerNo, "Inte i nuläget <b>")
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	for _, fu := range []survey.FollowUp{
		{PartyID: f.ps[0].ID, ItemID: f.items[0].ID, Status: survey.FollowKept, Day: "2027-03-01"},
		{PartyID: f.ps[0].ID, ItemID: f.items[1].ID, Status: survey.FollowKept, Day: "2027-05-01"},
		{PartyID: f.ps[0].ID, ItemID: f.items[1].ID, Status: survey.FollowUnderway, Day: "2027-01-10"},
		{PartyID: f.ps[0].ID, ItemID: f.items[2].ID, Status: survey.FollowNotKept, Day: "2027-06-01"},
		{PartyID: f.ps[1].ID, ItemID: f.items[0].ID, Status: survey.FollowKept, Day: "2027-06-01"}, // M said no: no promise
	} {
		if err := f.st.AddFollowUp(ctx, f.camp.ID, &fu); err != nil {
			t.Fatal(err)
		}
	}
	wantStatus(t, f.get("/r/demo/partier?lang=sv"), http.StatusOK, "Hur partierna höll sina löften",
		"Socialdemokraterna: 2 av 3 löften infriade.", `href="/r/demo/partier/svar?lang=sv"`)
	if strings.Contains(f.get("/r/demo/partier?lang=sv").Body.String(), "Moderaterna: ") {
		t.Error("a party that promised nothing is summed up")
	}
	rec := f.get("/r/demo/partier/svar?lang=sv")
	wantStatus(t, rec, http.StatusOK, "Så svarade partierna", "1. Heltid som norm", "<dt>Moderaterna:</dt><dd class=\"comment\">Inte i nuläget &lt;b&gt;</dd>",
		"Vägrar svara", "Kommunfullmäktige i Huddinge</h2>", "Majoritet: 31 av 61 mandat.")
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, false, false); err != nil {
		t.Fatal(err)
	}
	if rec := f.get("/r/demo/partier/svar"); rec.Code != http.StatusNotFound {
		t.Errorf("unpublished answers page: %d", rec.Code)
	}
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, false); err != nil {
		t.Fatal(err)
	}

	pw := addUser(t, f.st, "ada", survey.RoleAdmin)
	b := signIn(t, f.e, "ada", pw)
	if rec := b.post("/admin/campaigns/demo/duplicate", url.Values{"title": {"Valet 2030"}, "slug": {"valet-2030"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("duplicate: %d %s", rec.Code, rec.Body)
	}
	next, err := f.st.Campaign(ctx, "valet-2030")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.st.Parties(ctx, next.ID)
	set, _ := f.st.PartySettings(ctx, next.ID)
	if a := set.Assemblies; len(got) != len(ps) || len(a) != 1 || a[0].ID == municipal.ID || a[0].Key != municipal.Key ||
		a[0].Name != municipal.Name || a[0].Level != municipal.Level || a[0].Seats != 61 || set.Published || set.PreviousSlug != "demo" {
		t.Fatalf("copied settings %+v, %d parties", set, len(got))
	}
	for i, p := range got {
		if p.Short != ps[i].Short || p.Name != ps[i].Name || p.Seats != ps[i].Seats || p.Colour != ps[i].Colour ||
			p.Refused || p.Status.State() != survey.PartyNotOpened {
			t.Errorf("copied party %d: %+v", i, p)
		}
	}
	if list, _ := f.st.PartyList(ctx, next.ID); len(list) != 0 {
		t.Errorf("the list was copied: %+v", list)
	}
	if err := f.st.FreezeList(ctx, next, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetPartiesPublished(ctx, next.ID, true, false); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, f.get("/r/valet-2030/partier?lang=sv"), http.StatusOK, "Förra valets kampanj:", `href="/r/demo/partier?lang=sv"`)
	// Once the earlier answers are taken down, the link goes too.
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, false, false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(f.get("/r/valet-2030/partier").Body.String(), `href="/r/demo/partier`) {
		t.Error("links unpublished answers")
	}
}

// TestPartyLinkNotYet: a link whose campaign has no frozen list (made by an older version,
// before links needed one) opens a "not yet" page, and submitting is refused without
// locking the party out.
func TestPartyLinkNotYet(t *testing.T) {
	f := newPartyFixture(t)
	ctx := context.Background()
	tok := f.link(t, 0)
	db, err := sql.Open("sqlite", "file:"+f.st.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM party_items WHERE campaign_id = ?`, f.camp.ID); err != nil {
		t.Fatal(err)
	}
	rec := f.get("/p/" + tok + "?lang=sv")
	wantStatus(t, rec, http.StatusOK, "Kravlistan är inte klar än")
	if strings.Contains(rec.Body.String(), `name="action"`) {
		t.Error("an answer form on the not-yet page")
	}
	wantStatus(t, f.post("/p/"+tok, url.Values{"version": {"0"}, "action": {"submit"}}), http.StatusConflict, "Kravlistan är inte klar än")
	if p, _ := f.st.Party(ctx, f.camp.ID, f.ps[0].ID); p.Status.SubmittedAt != nil {
		t.Error("the party was locked by an empty submission")
	}
}

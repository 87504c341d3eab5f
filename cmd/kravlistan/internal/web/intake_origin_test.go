package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/report/xlsx"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
)

// proposalItem cuts the inbox's list item of proposal id out of a page.
func proposalItem(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="p-`+id+`"`)
	if i < 0 {
		t.Fatalf("proposal %s not on the page", id)
	}
	j := strings.Index(page[i:], "</li>")
	return page[i : i+j]
}

// TestInboxHidesSmallWorkplaces: organisers see a proposal's workplace in the inbox and
// the merge form only as the workbook names it: a workplace with fewer proposals than the
// anonymity threshold (5) is "Liten arbetsplats" unless a meeting of at least 5 sent it,
// and the free text of an answer (also in the raw rows beside its answer, whose workplace
// is hidden there) never names its workplace.
func TestInboxHidesSmallWorkplaces(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	c, _ := st.Campaign(ctx, "demo")
	add := func(title, wp string, members int) string {
		p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: title, Workplace: wp, MeetingMembers: members, Day: "2026-02-01"}
		if _, err := st.SubmitProposal(ctx, c.ID, p); err != nil {
			t.Fatal(err)
		}
		return p.ID.String()
	}
	var big []string
	for i := range 5 {
		big = append(big, add(fmt.Sprintf("Heltid %d", i), "sjukhuset", 0))
	}
	lone := add("Fler lyftar", "verkstaden", 0)              // one of a small workplace
	club := add("Laddplatser vid jobbet", "coop-centrum", 2) // a meeting of two
	depot := add("Heltid på bussdepån", "bussdepan", 40)     // a meeting of 40: named
	general := add("Gratis busskort för unga", "", 0)        // the general link
	r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Workplace: "sjukhuset",
		Ranking: []string{"heltid"}, Proposal: "Parkering för nattpersonalen"}
	if _, err := st.Submit(ctx, c.ID, r); err != nil {
		t.Fatal(err)
	}
	ps, _ := st.Proposals(ctx, c.ID)
	var ballot string
	for _, p := range ps {
		if p.Source == survey.SourceBallot {
			ballot = p.ID.String()
		}
	}
	if ballot == "" {
		t.Fatal("the answer's proposal is not in the inbox")
	}

	page := b.get("/admin/campaigns/demo/proposals?lang=sv")
	wantStatus(t, page, http.StatusOK, "En arbetsplats namnges bara när minst 5 förslag")
	body := page.Body.String()
	for _, tc := range []struct{ id, want, not string }{
		{big[0], "Universitetssjukhuset, vårdavdelningarna", "Liten"},
		{lone, "Liten arbetsplats", "Verkstaden i hamnen"},
		{club, "Liten arbetsplats · möte med 2 medlemmar", "Coop Centrum"},
		{depot, "Bussdepån Syd · möte med 40 medlemmar", "Liten"},
		{general, "Allmänna länken", "Liten"},
		{ballot, "Fritext i ett svar", "sjukhuset"},
	} {
		item := proposalItem(t, body, tc.id)
		if !strings.Contains(item, tc.want) || strings.Contains(strings.ToLower(item), strings.ToLower(tc.not)) {
			t.Errorf("inbox item %s says %q, want %q and not %q", tc.id, item, tc.want, tc.not)
		}
	}
	for _, name := range []string{"Verkstaden i hamnen", "Coop Centrum"} {
		if strings.Contains(body, name) {
			t.Errorf("the inbox names the small workplace %q", name)
		}
	}
	// The area sections are labelled by ids without spaces.
	if strings.Contains(body, `aria-labelledby="a-Trygga`) {
		t.Error("an area section is labelled by an id with spaces")
	}

	merge := b.post("/admin/campaigns/demo/proposals/merge", url.Values{"id": {lone, club, ballot, big[0]}, "into": {"heltid"}})
	wantStatus(t, merge, http.StatusOK, "Liten arbetsplats", "Fritext i ett svar", "Universitetssjukhuset")
	if m := merge.Body.String(); strings.Contains(m, "Verkstaden i hamnen") || strings.Contains(m, "Coop Centrum") {
		t.Error("the merge form names a small workplace")
	}
	wantStatus(t, b.get("/admin/campaigns/demo/proposals?lang=en"), http.StatusOK, "Small workplace", "Free text of a response")

	// The workbook: the answer's proposal merged into a demand names no workplace, though
	// five proposals came from its workplace.
	if err := st.MergeProposals(ctx, c.Clone(), parseIDs([]string{ballot, big[0]}), "heltid", "olle", ""); err != nil {
		t.Fatal(err)
	}
	rec := b.get("/admin/campaigns/demo/report.xlsx")
	wantStatus(t, rec, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsx.SheetOrigins)
	if err != nil {
		t.Fatal(err)
	}
	var seen bool
	for _, row := range rows {
		if len(row) > 4 && row[4] == "Parkering för nattpersonalen" {
			seen = true
			if row[2] != "–" {
				t.Errorf("the answer's proposal is shown with workplace %q", row[2])
			}
		}
		if len(row) > 4 && row[4] == "Heltid 0" && row[2] != "Universitetssjukhuset, vårdavdelningarna" {
			t.Errorf("a proposal of a workplace with 5 is shown with %q", row[2])
		}
	}
	if !seen {
		t.Errorf("the answer's proposal is not in the sheet: %v", rows)
	}
}

// TestMergeUndoRemovesNewDemand: undoing a merge into a new demand takes the demand away
// again while no one has ranked; once members have answered, the demand stays.
func TestMergeUndoRemovesNewDemand(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	c, _ := st.Campaign(ctx, "demo")
	c = c.Clone()
	c.State = survey.StateIntake
	if err := st.SaveCampaign(ctx, c, "test", ""); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, title := range []string{"Fler hyresrätter", "Bygg hyresrätter"} {
		p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: title, Day: "2026-02-01"}
		if _, err := st.SubmitProposal(ctx, c.ID, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID.String())
	}
	merge := func() string {
		rec := b.post("/admin/campaigns/demo/proposals/merge", url.Values{"id": ids, "into": {"new"}, "save": {"1"},
			"title": {"Fler hyresrätter med rimliga hyror"}, "area": {"Resor och boende"}})
		wantStatus(t, rec, http.StatusSeeOther)
		return rec.Header().Get("Location")
	}
	loc := merge()
	// The inbox's undo button carries the demand the merge made.
	wantStatus(t, b.get(loc), http.StatusOK, "Ångra", `name="drop" value="fler-hyresratter-med-rimliga-hyror"`)
	undo := url.Values{"id": ids, "drop": {"fler-hyresratter-med-rimliga-hyror"}}
	wantStatus(t, b.post("/admin/campaigns/demo/proposals/return", undo), http.StatusSeeOther)
	c, _ = st.Campaign(ctx, "demo")
	if _, ok := c.Demand("fler-hyresratter-med-rimliga-hyror"); ok {
		t.Error("the undo left the demand the merge made")
	}
	if pv, _ := st.Provenance(ctx, c.ID); len(pv) != 0 {
		t.Errorf("provenance after undo %+v", pv)
	}
	// Once members have ranked, the undo returns the proposals and keeps the demand.
	merge()
	c, _ = st.Campaign(ctx, "demo")
	c = c.Clone()
	c.State = survey.StateOpen
	if err := st.SaveCampaign(ctx, c, "test", ""); err != nil {
		t.Fatal(err)
	}
	r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Ranking: []string{"fler-hyresratter-med-rimliga-hyror"}}
	if _, err := st.Submit(ctx, c.ID, r); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.post("/admin/campaigns/demo/proposals/return", undo), http.StatusSeeOther)
	c, _ = st.Campaign(ctx, "demo")
	if _, ok := c.Demand("fler-hyresratter-med-rimliga-hyror"); !ok {
		t.Error("the undo removed a demand members have ranked")
	}
}

// TestProvenanceWording: the results page and the printable list say "ett förslag", "en
// arbetsplats" and leave out workplaces when every proposal came through the general link.
func TestProvenanceWording(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	c, _ := st.Campaign(ctx, "demo")
	merge := func(key string, wps ...string) {
		var ids []uuid.UUID
		for i, wp := range wps {
			p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: fmt.Sprintf("%s %d", key, i), Workplace: wp, Day: "2026-02-01"}
			if _, err := st.SubmitProposal(ctx, c.ID, p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		cur, _ := st.Campaign(ctx, "demo")
		if err := st.MergeProposals(ctx, cur.Clone(), ids, key, "test", ""); err != nil {
			t.Fatal(err)
		}
	}
	for range 12 {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Ranking: []string{"heltid", "visstid", "bemanning"}}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	merge("heltid", "")
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista?lang=sv"), http.StatusOK, "Listan bygger på ett förslag.")
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista?lang=en"), http.StatusOK, "The list is based on one proposal.")
	merge("visstid", "sjukhuset", "sjukhuset")
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista?lang=nb"), http.StatusOK, "Listen bygger på 3 forslag fra én arbeidsplass.")
	merge("bemanning", "sjukhuset", "bussdepan", "")
	if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	page := b.get("/r/demo?lang=sv")
	wantStatus(t, page, http.StatusOK, "Listan bygger på 6 förslag från 2 arbetsplatser.",
		"bygger på ett förslag<", "bygger på 2 förslag från en arbetsplats", "bygger på 3 förslag från 2 arbetsplatser")
	if body := page.Body.String(); strings.Contains(body, "från 1 arbetsplats") || strings.Contains(body, "från 0 arbetsplats") {
		t.Error("one workplace in the plural, or none counted")
	}
	wantStatus(t, b.get("/r/demo?lang=nb"), http.StatusOK, "bygger på 2 forslag fra én arbeidsplass")
	wantStatus(t, b.get("/r/demo?lang=en"), http.StatusOK, "based on 2 proposals from one workplace", "The list is based on 6 proposals from 2 workplaces.")
}

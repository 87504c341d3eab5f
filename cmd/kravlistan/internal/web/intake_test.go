package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kravlistan/report/xlsx"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
)

// addIntakeCampaign adds "inkorg", a copy of the demo collecting proposals.
func addIntakeCampaign(t *testing.T, st *sqlite.Store) *survey.Campaign {
	t.Helper()
	c := survey.Demo()
	c.Slug, c.State = "inkorg", survey.StateIntake
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProposalAPI(t *testing.T) {
	e, st := apiTestServer(t)
	c := addIntakeCampaign(t, st)
	id := uuid.NewString()
	ok := fmt.Sprintf(`{"id":%q,"workplace":"sjukhuset","area":"Trygga anställningar","title":"Heltid som norm","body":"Alla ska kunna jobba heltid.","meeting_members":14}`, id)
	const path = "/api/v1/campaigns/inkorg/proposals"
	for _, tc := range []struct {
		name, path, ctype, body string
		status                  int
		want                    string
	}{
		{"Created", path, jsonType, ok, 201, id},
		{"Replay", path, jsonType, ok, 200, id},
		{"Conflict", path, jsonType, strings.Replace(ok, "Heltid som norm", "Rätt till heltid", 1), 409, `samma id`},
		{"ConflictBurnsTheID", path, jsonType, ok, 409, `samma id`},
		{"NoIDOtherArea", path, jsonType, `{"title":"Gratis busskort för unga"}`, 201, `"id"`},
		{"ErrNoTitle", path, jsonType, `{"title":"  "}`, 422, `"field":"title"`},
		{"ErrUnknownArea", path, jsonType, `{"title":"x","area":"Trafik"}`, 422, `okänt område`},
		{"ErrMeetingOfOne", path, jsonType, `{"title":"x","meeting_members":1}`, 422, `"field":"meeting_members"`},
		{"ErrWrongType", path, jsonType, `{"title":"x","meeting_members":"tolv"}`, 422, `"field":"meeting_members"`},
		{"ErrUnknownField", path, jsonType, `{"title":"x","time":"08:14"}`, 422, `"field":"time"`},
		{"ErrUnknownWorkplace", path, jsonType, `{"title":"x","workplace":"kontoret"}`, 404, `okänd arbetsplats`},
		{"ErrUnknownCampaign", "/api/v1/campaigns/nope/proposals", jsonType, `{"title":"x"}`, 404, `ingen kampanj`},
		{"ErrNotInIntake", "/api/v1/campaigns/demo/proposals", jsonType, `{"title":"x"}`, 403, `tar inte emot förslag`},
		{"ErrDraft", "/api/v1/campaigns/utkast/proposals", jsonType, `{"title":"x"}`, 403, `tar inte emot förslag`},
		{"ErrMalformed", path, jsonType, `{"title":`, 400, `ogiltig JSON`},
		{"ErrTooLarge", path, jsonType, `{"title":"x","body":"` + strings.Repeat("x", 70<<10) + `"}`, 413, `för stor`},
		{"ErrNotJSON", path, "text/plain", `{"title":"x"}`, 415, `application/json`},
		{"ErrResponseDuringIntake", "/api/v1/campaigns/inkorg/responses", jsonType, `{"ranking":["heltid"]}`, 403, `Rangordningen har inte börjat`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(e, http.MethodPost, tc.path, tc.ctype, tc.body)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%d %s, want %d with %s", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}
	ps, err := st.Proposals(context.Background(), c.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("%d proposals stored, want 2: %v", len(ps), err)
	}
	for _, p := range ps {
		if p.ID.String() == id && (p.Workplace != "sjukhuset" || p.MeetingMembers != 14 || p.Day != c.Day(time.Now()) || p.Status != survey.ProposalNew) {
			t.Errorf("stored %+v", p)
		}
	}
}

// TestProposalForm posts the member's proposal form as a browser without JavaScript does.
func TestProposalForm(t *testing.T) {
	e, st := apiTestServer(t)
	c := addIntakeCampaign(t, st)
	ctx := context.Background()
	page := do(e, http.MethodGet, "/s/inkorg/sjukhuset", "", "")
	wantStatus(t, page, http.StatusOK, "Föreslå ett krav", `<option value="Trygga anställningar">`, `<option value="" selected>Annat</option>`,
		"Universitetssjukhuset", `name="members"`, "bara dagen det kom in")
	if strings.Contains(page.Body.String(), `name="rank-`) || strings.Contains(page.Body.String(), "answered-mark") {
		t.Error("the intake page shows the ranking form")
	}
	// The campaign's intro is written for the ranking: the form shows its own intro, in
	// the member's language where translated, and none when there is none.
	if strings.Contains(page.Body.String(), "ställa partierna mot väggen") {
		t.Error("the proposal form shows the ranking intro")
	}
	doc, _ := st.CampaignDoc(context.Background(), "inkorg")
	doc.IntakeIntro = "Vad ska partierna lova din arbetsplats?"
	doc.Translations = map[string]survey.Translation{"en": {IntakeIntro: "What should the parties promise your workplace?"}}
	if err := st.SaveCampaign(context.Background(), doc, "", ""); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, do(e, http.MethodGet, "/s/inkorg/sjukhuset", "", ""), http.StatusOK, `<p class="intro">Vad ska partierna lova din arbetsplats?</p>`)
	wantStatus(t, do(e, http.MethodGet, "/s/inkorg/sjukhuset?lang=en", "", ""), http.StatusOK, "What should the parties promise your workplace?")
	id := uuid.NewString()
	form := url.Values{"id": {id}, "area": {"Välfärd och arbetsmiljö"}, "title": {"Fler undersköterskor i hemtjänsten"},
		"body": {"Bemanningen räcker inte.\r\nVi hinner inte."}, "meeting": {"1"}, "members": {"23"}, "bg-forbund": {"kommunal"}}
	post := func(path string, f url.Values) *httptest.ResponseRecorder {
		return do(e, http.MethodPost, path, "application/x-www-form-urlencoded", f.Encode())
	}
	rec := post("/s/inkorg/sjukhuset", form)
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/s/inkorg/_tack?ap=sjukhuset" {
		t.Errorf("redirect to %q", loc)
	}
	// The thank-you page leads back to the same workplace's form and asks to pass on the
	// form, not a survey; a code the campaign does not have leads to the general form.
	thanks := do(e, http.MethodGet, "/s/inkorg/_tack?ap=sjukhuset", "", "")
	wantStatus(t, thanks, http.StatusOK, "Tack för ditt förslag!", `href="/s/inkorg/sjukhuset">Föreslå ett krav till</a>`,
		"Länk till förslagsformuläret", "vi samlar in förslag")
	if strings.Contains(thanks.Body.String(), "gå tillbaka") || strings.Contains(thanks.Body.String(), "enkäten") {
		t.Error("the intake thank-you page still talks of going back or of a survey")
	}
	wantStatus(t, do(e, http.MethodGet, "/s/inkorg/_tack?ap=%22%3E%3Cb%3E", "", ""), http.StatusOK, `href="/s/inkorg">Föreslå ett krav till</a>`)
	wantStatus(t, do(e, http.MethodGet, "/s/inkorg/_tack?ap=sjukhuset&lang=en", "", ""), http.StatusOK,
		`href="/s/inkorg/sjukhuset?lang=en">Propose another demand</a>`, "Link to the proposal form")
	// A double submit is the same proposal.
	wantStatus(t, post("/s/inkorg/sjukhuset", form), http.StatusSeeOther)
	ps, _ := st.Proposals(ctx, c.ID)
	if len(ps) != 1 {
		t.Fatalf("%d proposals", len(ps))
	}
	p := ps[0]
	if p.Workplace != "sjukhuset" || p.MeetingMembers != 23 || p.Body != "Bemanningen räcker inte.\nVi hinner inte." ||
		p.Background["forbund"] != "kommunal" || p.Area != "Välfärd och arbetsmiljö" || p.Source != survey.SourceIntake {
		t.Errorf("stored %+v", p)
	}
	t.Run("ErrFieldsKept", func(t *testing.T) {
		bad := url.Values{"id": {uuid.NewString()}, "area": {""}, "title": {""}, "body": {"Text & <b>mer</b>"}, "meeting": {"1"}}
		rec := post("/s/inkorg", bad)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "skriv förslaget i en kort mening", "skriv hur många medlemmar",
			"Text &amp; &lt;b&gt;mer&lt;/b&gt;", `href="#p-title"`, `aria-invalid="true"`, bad.Get("id"),
			"Antal medlemmar på mötet: skriv hur många")
		if strings.Contains(rec.Body.String(), "?: ") {
			t.Error("the error summary puts a colon after a question mark")
		}
		bad.Set("members", "1")
		wantStatus(t, post("/s/inkorg", bad), http.StatusUnprocessableEntity, "måste vara mellan 2 och 100000")
		bad.Set("members", "tolv")
		wantStatus(t, post("/s/inkorg", bad), http.StatusUnprocessableEntity, "måste vara mellan 2 och 100000")
	})
	t.Run("ErrConflict", func(t *testing.T) {
		form.Set("title", "Något annat")
		wantStatus(t, post("/s/inkorg/sjukhuset", form), http.StatusConflict)
	})
	t.Run("RankingBackAfterIntake", func(t *testing.T) {
		cc, _ := st.Campaign(ctx, "inkorg")
		cc = cc.Clone()
		cc.State = survey.StateOpen
		if err := st.SaveCampaign(ctx, cc, "test", ""); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, do(e, http.MethodGet, "/s/inkorg/sjukhuset", "", ""), http.StatusOK, `name="rank-heltid"`)
		rec := post("/s/inkorg", url.Values{"id": {uuid.NewString()}, "title": {"x"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "välj minst 1 krav")
	})
}

// TestInbox walks the organisers' inbox: suggestions, merging several proposals into a new
// demand, moving one to another demand, undo, setting aside, search, and the state moves.
func TestInbox(t *testing.T) {
	e, st, b := organiserServer(t)
	ctx := context.Background()
	ov := "/admin/campaigns/demo"
	// The demo is open; organisers start an intake round from a draft.
	c, _ := st.Campaign(ctx, "demo")
	c = c.Clone()
	c.State = survey.StateDraft
	if err := st.SaveCampaign(ctx, c, "test", ""); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.get(ov), http.StatusOK, "Samla in förslag", "(valfritt)", `class="optmove"`, "Öppna för svar")
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"intake"}}), http.StatusSeeOther)
	wantStatus(t, b.get(ov), http.StatusOK, "Samlar förslag", "0 förslag har kommit in", `href="/admin/campaigns/demo/proposals"`)
	// The QR posters lead to the same links in both rounds; printed during intake, they
	// say both what to do now and later.
	wantStatus(t, b.get(ov+"/posters"), http.StatusOK, "föreslå krav nu, välj de viktigaste", "/s/demo/sjukhuset")
	api := func(body string) string {
		rec := do(e, http.MethodPost, "/api/v1/campaigns/demo/proposals", jsonType, body)
		wantStatus(t, rec, http.StatusCreated)
		return strings.Split(rec.Body.String(), `"`)[3]
	}
	h1 := api(`{"title":"Heltid som norm","area":"Trygga anställningar","workplace":"sjukhuset","meeting_members":12}`)
	h2 := api(`{"title":"Rätt till heltid","area":"Trygga anställningar","workplace":"hemtjansten-norr"}`)
	h3 := api(`{"title":"Heltid åt alla i kommunen","workplace":"sjukhuset"}`)
	bus := api(`{"title":"Gratis busskort för unga","body":"Under 20 ska åka gratis."}`)
	// Back to draft is refused once proposals are in.
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"draft"}}), http.StatusUnprocessableEntity, "Förslag har redan kommit in")

	inbox := b.get(ov + "/proposals")
	wantStatus(t, inbox, http.StatusOK, "4 förslag: 4 nya", "Trygga anställningar", "Annat", "Liknar:", "Markera detta och de liknande")
	body := inbox.Body.String()
	if i, j := strings.Index(body, "Trygga anställningar"), strings.Index(body, ">Annat"); i < 0 || j < i {
		t.Error("areas not grouped with Annat last")
	}
	// The heltid proposal is suggested to be like the existing demand "Heltid som norm i
	// kommuner och regioner"; the bus proposal like nothing of heltid.
	like := b.get(ov + "/proposals?liknande=" + h1).Body.String()
	for _, id := range []string{h1, h2, h3} {
		if !strings.Contains(like, `value="`+id+`" checked`) {
			t.Errorf("?liknande does not tick %s", id)
		}
	}
	if strings.Contains(like, `value="`+bus+`" checked`) || !strings.Contains(like, `<option value="heltid" selected>`) {
		t.Error("?liknande ticks the bus proposal or does not preselect the heltid demand")
	}
	wantStatus(t, b.get(ov+"/proposals?q=busskort"), http.StatusOK, "Gratis busskort")
	if strings.Contains(b.get(ov+"/proposals?q=busskort").Body.String(), "Rätt till heltid") {
		t.Error("search shows what does not match")
	}

	// Merge the three into a new demand: the wording form, then save.
	step1 := b.post(ov+"/proposals/merge", url.Values{"id": {h1, h2, h3}, "into": {"new"}})
	wantStatus(t, step1, http.StatusOK, "3 förslag blir ett nytt krav", `value="Heltid som norm"`)
	wantStatus(t, b.post(ov+"/proposals/merge", url.Values{"id": {h1, h2, h3}, "into": {"new"}, "save": {"1"}, "title": {""}}),
		http.StatusUnprocessableEntity, "tom titel", `id="err-title"`)
	rec := b.post(ov+"/proposals/merge", url.Values{"id": {h1, h2, h3}, "into": {"new"}, "save": {"1"},
		"title": {"Heltid som norm för alla"}, "area": {"Trygga anställningar"}, "body": {"Heltid ska vara det normala."}})
	wantStatus(t, rec, http.StatusSeeOther)
	if !strings.Contains(rec.Header().Get("Location"), "undo="+h1) {
		t.Errorf("no undo after merge: %s", rec.Header().Get("Location"))
	}
	c, _ = st.Campaign(ctx, "demo")
	d, ok := c.Demand("heltid-som-norm-for-alla")
	if !ok || d.Title != "Heltid som norm för alla" || d.Area != "Trygga anställningar" {
		t.Fatalf("new demand %+v %v", d, ok)
	}
	pv, _ := st.Provenance(ctx, c.ID)
	if pv[d.Key] != (survey.Provenance{Proposals: 3, Workplaces: 2, MeetingMembers: 12}) {
		t.Errorf("provenance %+v", pv[d.Key])
	}
	wantStatus(t, b.get(rec.Header().Get("Location")), http.StatusOK, "Förslagen är sammanslagna", "Ångra", "1 nya, 3 sammanslagna")

	// Move one into the existing demand, rewording it.
	wantStatus(t, b.post(ov+"/proposals/merge", url.Values{"id": {h3}, "into": {"heltid"}}), http.StatusOK,
		"1 förslag slås ihop med kravet", "Heltid som norm i kommuner och regioner")
	wantStatus(t, b.post(ov+"/proposals/merge", url.Values{"id": {h3}, "into": {"heltid"}, "save": {"1"},
		"title": {"Heltid som norm i kommuner"}, "area": {"Trygga anställningar"}}), http.StatusSeeOther)
	pv, _ = st.Provenance(ctx, c.ID)
	if pv[d.Key].Proposals != 2 || pv["heltid"] != (survey.Provenance{Proposals: 1, Workplaces: 1}) {
		t.Errorf("after the move %+v", pv)
	}
	c, _ = st.Campaign(ctx, "demo")
	if d, _ := c.Demand("heltid"); d.Title != "Heltid som norm i kommuner" {
		t.Errorf("existing demand not reworded: %q", d.Title)
	}
	// Undo puts it back in the inbox.
	wantStatus(t, b.post(ov+"/proposals/return", url.Values{"id": {h3}}), http.StatusSeeOther)
	pv, _ = st.Provenance(ctx, c.ID)
	if _, ok := pv["heltid"]; ok {
		t.Errorf("undo left provenance %+v", pv)
	}
	// Set aside needs a reason.
	wantStatus(t, b.post(ov+"/proposals/aside", url.Values{"id": {bus}}), http.StatusUnprocessableEntity, "skriv varför")
	wantStatus(t, b.post(ov+"/proposals/aside", url.Values{"id": {bus}, "reason": {"Beslutas av regionen, tas upp nästa år"}}), http.StatusSeeOther)
	wantStatus(t, b.get(ov+"/proposals?visa=aside"), http.StatusOK, "Lagt åt sidan: Beslutas av regionen")
	wantStatus(t, b.post(ov+"/proposals/merge", url.Values{}), http.StatusUnprocessableEntity, "markera minst ett förslag")
	wantStatus(t, b.post(ov+"/proposals/merge", url.Values{"id": {uuid.NewString()}, "into": {"new"}}), http.StatusNotFound)

	// Opening the ranking round: the path moves on.
	wantStatus(t, b.post(ov+"/state", url.Values{"to": {"open"}}), http.StatusSeeOther)
	wantStatus(t, b.get(ov), http.StatusOK, "4 förslag kom in; 1 väntar i inkorgen.")
	// A copy for the next round starts with the proposal still waiting.
	wantStatus(t, b.post(ov+"/duplicate", url.Values{"title": {"Nästa val"}, "slug": {"nasta-val"}}), http.StatusSeeOther)
	next, err := st.Campaign(ctx, "nasta-val")
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := st.Proposals(ctx, next.ID); len(ps) != 1 || ps[0].Title != "Heltid åt alla i kommunen" {
		t.Errorf("the copy's inbox %+v", ps)
	}
}

// TestProvenanceThroughReport: merged proposals reach the JSON report, the workbook's sheet
// "Förslag och ursprung" (small workplaces not named, formulas neutralized) and the
// printable list; the area summary reaches the JSON and the results page.
func TestProvenanceThroughReport(t *testing.T) {
	_, st, b := organiserServer(t)
	ctx := context.Background()
	c, _ := st.Campaign(ctx, "demo")
	add := func(title, wp string, members int) uuid.UUID {
		p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: title, Workplace: wp, MeetingMembers: members, Day: "2026-02-01"}
		if _, err := st.SubmitProposal(ctx, c.ID, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	var big []uuid.UUID
	for i := range 5 { // five from the hospital: it may be named
		big = append(big, add(fmt.Sprintf("Heltid %d", i), "sjukhuset", 0))
	}
	small := add("=HYPERLINK(\"http://x\")", "verkstaden", 0) // one from a small workplace
	meeting := add("Heltid på bussdepån", "bussdepan", 40)    // a meeting of 40: may be named
	if err := st.MergeProposals(ctx, c.Clone(), append(big, small, meeting), "heltid", "test", ""); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelWeb, Day: "2026-03-01", Ranking: []string{"heltid", "busslinjer"}}
		if i%3 == 0 {
			r.Ranking = []string{"visstid"}
		}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	rec := b.get("/admin/campaigns/demo/report.json")
	wantStatus(t, rec, http.StatusOK, `"provenance": {`)
	var doc struct {
		Demands []struct {
			Key        string
			Provenance *survey.Provenance
		}
		Provenance *survey.Provenance
		Areas      []struct {
			Area    string
			Members int
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, d := range doc.Demands {
		want := survey.Provenance{}
		if d.Key == "heltid" {
			want = survey.Provenance{Proposals: 7, Workplaces: 3, MeetingMembers: 40}
		}
		if d.Provenance == nil || *d.Provenance != want {
			t.Errorf("%s: provenance %+v, want %+v", d.Key, d.Provenance, want)
		}
	}
	if doc.Provenance == nil || doc.Provenance.Proposals != 7 || doc.Provenance.Workplaces != 3 {
		t.Errorf("list provenance %+v", doc.Provenance)
	}
	// By hand: 8 ballots pick heltid and busslinjer (Trygga anställningar, Resor och
	// boende), 4 pick visstid (Trygga anställningar).
	areas := map[string]int{}
	for _, a := range doc.Areas {
		areas[a.Area] = a.Members
	}
	if areas["Trygga anställningar"] != 12 || areas["Resor och boende"] != 8 || areas["Inflytande"] != 0 {
		t.Errorf("areas %+v", doc.Areas)
	}

	rec = b.get("/admin/campaigns/demo/report.xlsx")
	wantStatus(t, rec, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsx.SheetOrigins)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(rows)
	for _, want := range []string{"7 förslag från 3 arbetsplatser", "Universitetssjukhuset, vårdavdelningarna", "Bussdepån Syd", "Liten arbetsplats", "'=HYPERLINK"} {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	if strings.Contains(text, "Verkstaden i hamnen") || strings.Contains(text, "2026-02-01") {
		t.Error("the sheet names a small workplace or gives a day")
	}
	if rows, _ := f.GetRows(xlsx.SheetAreas); !strings.Contains(fmt.Sprint(rows), "Trygga anställningar") {
		t.Error("no area sheet")
	}
	wantStatus(t, b.get("/admin/campaigns/demo/kravlista"), http.StatusOK, "Listan bygger på 7 förslag från 3 arbetsplatser.")
	if err := st.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	rec = b.get("/r/demo")
	wantStatus(t, rec, http.StatusOK, "bygger på 7 förslag från 3 arbetsplatser", `id="h-areas"`)
	// The area table puts the largest first: Resor och boende (8) before the areas nobody
	// picked, although the campaign lists Välfärd och arbetsmiljö first.
	body := rec.Body.String()
	table := body[strings.Index(body, `id="h-areas"`):]
	table = table[:strings.Index(table, "</table>")]
	if i, j := strings.Index(table, ">Resor och boende<"), strings.Index(table, ">Välfärd och arbetsmiljö<"); i < 0 || j < 0 || i > j ||
		strings.Index(table, ">Trygga anställningar<") > i {
		t.Errorf("area table not largest first: %s", table)
	}
}

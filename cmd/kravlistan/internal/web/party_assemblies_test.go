package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"
)

// assembliesFile is a campaign file of an LO district with a municipality where S and V
// together hold a majority and a region where they do not. "visstid" is put to the region
// only, "heltid" to the municipality only, the rest to both.
const assembliesFile = `{
  "slug": "sodertorn",
  "title": "Valet 2026 på Södertörn",
  "demands": [
    {"key": "heltid", "area": "Arbete", "title": "Heltid som norm", "assemblies": ["huddinge"]},
    {"key": "visstid", "area": "Arbete", "title": "Avskaffa allmän visstid", "assemblies": ["region"]},
    {"key": "buss", "area": "Resor", "title": "Bussar som passar skiften"}
  ],
  "assemblies": [
    {
      "key": "huddinge",
      "name": "Kommunfullmäktige i Huddinge",
      "level": "kommun",
      "seats": 61,
      "parties": [
        {"key": "S", "name": "Socialdemokraterna", "seats": 19},
        {"key": "V", "name": "Vänsterpartiet", "seats": 12},
        {"key": "M", "name": "Moderaterna", "seats": 15},
        {"key": "HP", "name": "Huddingepartiet", "seats": 5, "colour": "#123456"}
      ]
    },
    {
      "key": "region",
      "name": "Regionfullmäktige i Stockholm",
      "level": "region",
      "seats": 149,
      "parties": [
        {"key": "S", "name": "Socialdemokraterna", "seats": 40},
        {"key": "V", "name": "Vänsterpartiet", "seats": 12},
        {"key": "M", "name": "Moderaterna", "seats": 45}
      ]
    }
  ]
}`

// assemblySections splits a party page into its assemblies' sections.
func assemblySections(body string) []string {
	parts := strings.Split(body, `<section class="assembly"`)
	return parts[1:]
}

// TestAssembliesCampaignFile: a campaign file with two assemblies is imported, its export
// gives the assemblies back unchanged, and a bad file is refused naming the field.
func TestAssembliesCampaignFile(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	wantStatus(t, b.upload("/admin/campaigns/import", assembliesFile, nil), http.StatusSeeOther)
	rec := b.get("/admin/campaigns/sodertorn/export.json")
	wantStatus(t, rec, http.StatusOK)
	var in, out struct {
		Assemblies json.RawMessage `json:"assemblies"`
		Demands    []struct {
			Assemblies []string `json:"assemblies"`
		} `json:"demands"`
	}
	if err := json.Unmarshal([]byte(assembliesFile), &in); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if compactJSON(t, in.Assemblies) != compactJSON(t, out.Assemblies) {
		t.Errorf("exported assemblies\n%s\nwant\n%s", out.Assemblies, in.Assemblies)
	}
	if len(out.Demands) != 3 || strings.Join(out.Demands[0].Assemblies, ",") != "huddinge" || out.Demands[2].Assemblies != nil {
		t.Errorf("demands' assemblies: %+v", out.Demands)
	}
	// The export imports again as it was (a second district shares the template).
	wantStatus(t, b.upload("/admin/campaigns/import", rec.Body.String(), url.Values{"slug": {"sodertorn-2"}}), http.StatusSeeOther)
	again := b.get("/admin/campaigns/sodertorn-2/export.json").Body.String()
	if strings.Replace(again, "sodertorn-2", "sodertorn", 1) != rec.Body.String() {
		t.Errorf("a second round differs:\n%s\n%s", again, rec.Body)
	}

	for _, tc := range []struct{ from, to, want string }{
		{`"seats": 5, "colour"`, `"seats": 20, "colour"`, "assemblies[0].parties[3].seats: partiernas mandat blir här 66, men församlingen \"huddinge\" har bara 61"},
		{`"assemblies": ["region"]`, `"assemblies": ["nacka"]`, "demands[1].assemblies[0]: det finns ingen församling \"nacka\" i kampanjen"},
		{`{"key": "V", "name": "Vänsterpartiet", "seats": 12},
        {"key": "M", "name": "Moderaterna", "seats": 45}`, `{"key": "V", "name": "Vänsterpartiet", "seats": 12},
        {"key": "v", "name": "Moderaterna", "seats": 45}`, "assemblies[1].parties[2].key: &#34;v&#34; förekommer mer än en gång"},
		{`"level": "region"`, `"level": "landsting"`, "assemblies[1].level: måste vara kommun, region eller riksdag"},
		// A block copied for a second assembly and not renamed.
		{`"name": "Regionfullmäktige i Stockholm"`, `"name": " kommunfullmäktige i huddinge"`, "assemblies[1].name: \" kommunfullmäktige i huddinge\" förekommer mer än en gång"},
	} {
		bad := strings.Replace(assembliesFile, tc.from, tc.to, 1)
		if bad == assembliesFile {
			t.Fatalf("%q not in the file", tc.from)
		}
		rec := b.upload("/admin/campaigns/import", bad, url.Values{"slug": {"trasig"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, strings.ReplaceAll(tc.want, `"`, "&#34;"))
	}
	if _, err := st.Campaign(context.Background(), "trasig"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Errorf("a bad file made a campaign: %v", err)
	}

	// Replacing the content with a file that leaves out a party with saved answers is
	// refused; nothing changes.
	camp, _ := st.Campaign(context.Background(), "sodertorn")
	ps, _ := st.Parties(context.Background(), camp.ID)
	if err := st.FreezeList(context.Background(), camp, []survey.ListItem{{DemandKey: "buss", Title: "Bussar"}}); err != nil {
		t.Fatal(err)
	}
	list, _ := st.PartyList(context.Background(), camp.ID)
	if _, err := st.SavePartyAnswers(context.Background(), ps[3].ID, 0, []survey.Answer{{ItemID: list[0].ID, Value: survey.AnswerYes}}, false); err != nil {
		t.Fatal(err)
	}
	noHP := strings.Replace(assembliesFile, `,
        {"key": "HP", "name": "Huddingepartiet", "seats": 5, "colour": "#123456"}`, "", 1)
	wantStatus(t, b.upload("/admin/campaigns/sodertorn/file", noHP, nil), http.StatusUnprocessableEntity, "partiet har sparade svar och kan inte tas bort")
	if n, _ := st.Parties(context.Background(), camp.ID); len(n) != 7 {
		t.Errorf("%d parties after a refused file", len(n))
	}
}

func compactJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// assemblyFixture is the file's campaign with its list frozen and its parties by
// assembly key and short name.
type assemblyFixture struct {
	*partyFixture
	by map[string]survey.PartyRow // "huddinge/S"
}

func newAssemblyFixture(t *testing.T) *assemblyFixture {
	t.Helper()
	f := newPartyFixture(t)
	ctx := context.Background()
	c, err := survey.DecodeCampaign([]byte(assembliesFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	camp, _ := f.st.Campaign(ctx, "sodertorn")
	if err := f.st.FreezeList(ctx, camp, []survey.ListItem{
		{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1},
		{DemandKey: "visstid", Title: "Avskaffa allmän visstid", Rank: 2},
		{DemandKey: "buss", Title: "Bussar som passar skiften", Rank: 3},
	}); err != nil {
		t.Fatal(err)
	}
	f.camp = camp
	f.ps, _ = f.st.Parties(ctx, camp.ID)
	f.items, _ = f.st.PartyList(ctx, camp.ID)
	set, _ := f.st.PartySettings(ctx, camp.ID)
	af := &assemblyFixture{partyFixture: f, by: map[string]survey.PartyRow{}}
	for _, p := range f.ps {
		a, _ := survey.AssemblyByID(set.Assemblies, p.AssemblyID)
		af.by[a.Key+"/"+p.Short] = p
	}
	return af
}

// answerAll submits yes from party key ("huddinge/S") to every demand put to its assembly.
func (af *assemblyFixture) answerAll(t *testing.T, key string) {
	t.Helper()
	p := af.by[key]
	items := survey.ItemsFor(af.items, strings.Split(key, "/")[0])
	ans := make([]survey.Answer, len(items))
	for i, it := range items {
		ans[i] = survey.Answer{ItemID: it.ID, Value: survey.AnswerYes}
	}
	if _, err := af.st.SavePartyAnswers(context.Background(), p.ID, p.Status.Version, ans, true); err != nil {
		t.Fatal(err)
	}
}

// TestAssembliesPartyFlow: Huddinge's S answers only the demands put to Huddinge; each
// assembly gets its own matrix with its own majority (S+V hold one in Huddinge, not in the
// region); the JSON and "Så svarade partierna" come per assembly.
func TestAssembliesPartyFlow(t *testing.T) {
	f := newAssemblyFixture(t)
	ctx := context.Background()
	s := f.by["huddinge/S"]
	tok, err := f.st.CreatePartyLink(ctx, f.camp.ID, s.ID, time.Now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	page := f.get("/p/" + tok + "?lang=sv")
	wantStatus(t, page, http.StatusOK, "Heltid som norm", "Bussar som passar skiften", "Svaren gäller Kommunfullmäktige i Huddinge.")
	if strings.Contains(page.Body.String(), "Avskaffa allmän visstid") {
		t.Error("the region's demand is in Huddinge's form")
	}
	form := url.Values{"version": {"0"}, "action": {"submit"}}
	for _, it := range survey.ItemsFor(f.items, "huddinge") {
		form.Set("a-"+strconv.FormatInt(it.ID, 10), "ja")
	}
	if rec := f.post("/p/"+tok, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	if p, _ := f.st.Party(ctx, f.camp.ID, s.ID); p.Status.SubmittedAt == nil {
		t.Fatal("not submitted")
	}
	for _, k := range []string{"huddinge/V", "region/S", "region/V"} {
		f.answerAll(t, k)
	}
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, true); err != nil {
		t.Fatal(err)
	}
	body := f.get("/r/sodertorn/partier?lang=sv").Body.String()
	secs := assemblySections(body)
	if len(secs) != 2 {
		t.Fatalf("%d assembly sections", len(secs))
	}
	hud, reg := secs[0], secs[1]
	for _, want := range []string{"Kommunfullmäktige i Huddinge</h2>", "Majoritet: 31 av 61 mandat.", "Majoritet (31 mandat)", "Heltid som norm", `id="filter-a1"`, "Huddingepartiet"} {
		if !strings.Contains(hud, want) {
			t.Errorf("Huddinge lacks %q", want)
		}
	}
	for _, want := range []string{"Regionfullmäktige i Stockholm</h2>", "Majoritet: 75 av 149 mandat.", "Ingen majoritet (52 mandat)", "Avskaffa allmän visstid", `id="filter-a2"`} {
		if !strings.Contains(reg, want) {
			t.Errorf("the region lacks %q", want)
		}
	}
	if strings.Contains(hud, "Avskaffa allmän visstid") || strings.Contains(reg, "Heltid som norm") || strings.Contains(reg, "Huddingepartiet") {
		t.Error("a demand or party shows in an assembly it does not belong to")
	}
	if !strings.Contains(body, `href="#a1"`) || !strings.Contains(body, "(majoritet 75 av 149)") {
		t.Error("the list of assemblies")
	}

	var doc PartiesDoc
	if err := json.Unmarshal(f.get("/r/sodertorn/partier.json").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Assemblies) != 2 || doc.Assemblies[0].Majority != 31 || doc.Assemblies[1].Majority != 75 ||
		len(doc.Assemblies[0].Demands) != 2 || !doc.Assemblies[0].Demands[1].Majority.Has || doc.Assemblies[1].Demands[1].Majority.Has ||
		doc.Assemblies[1].Demands[0].DemandKey != "visstid" {
		t.Errorf("JSON %+v", doc)
	}
	ans := f.get("/r/sodertorn/partier/svar?lang=sv")
	wantStatus(t, ans, http.StatusOK, "Kommunfullmäktige i Huddinge</h2>", "Regionfullmäktige i Stockholm</h2>", "Ingen majoritet (52 mandat)")
}

// TestAssembliesSettingsForm: the one settings form edits both assemblies, adds a third
// (with the usual parties at 0 seats) and names the field of a mistake; nothing of a
// refused form is saved.
func TestAssembliesSettingsForm(t *testing.T) {
	f := newAssemblyFixture(t)
	ctx := context.Background()
	pw := addUser(t, f.st, "ada", survey.RoleAdmin)
	b := signIn(t, f.e, "ada", pw)
	base := "/admin/campaigns/sodertorn/parties"
	page := b.get(base + "?lang=sv")
	wantStatus(t, page, http.StatusOK, "Kommunfullmäktige i Huddinge", "Regionfullmäktige i Stockholm", "Lägg till en församling")
	if n := strings.Count(page.Body.String(), "Spara inställningarna"); n != 1 {
		t.Errorf("%d save buttons", n)
	}
	set, _ := f.st.PartySettings(ctx, f.camp.ID)
	form := func() url.Values {
		v := url.Values{}
		for _, a := range set.Assemblies {
			id := strconv.FormatInt(a.ID, 10)
			v.Set("a-name-"+id, a.Name)
			v.Set("a-level-"+id, string(a.Level))
			v.Set("a-seats-"+id, strconv.Itoa(a.Seats))
		}
		for _, p := range f.ps {
			id := strconv.FormatInt(p.ID, 10)
			v.Set("short-"+id, p.Short)
			v.Set("name-"+id, p.Name)
			v.Set("colour-"+id, p.Colour)
			v.Set("seats-"+id, strconv.Itoa(p.Seats))
		}
		return v
	}
	bad := form()
	bad.Set("seats-"+strconv.FormatInt(f.by["region/M"].ID, 10), "120")
	bad.Set("a-key-new", "riksdag")
	bad.Set("a-name-new", "Riksdagen")
	bad.Set("a-level-new", "riksdag")
	bad.Set("a-seats-new", "349")
	rec := b.post(base+"/settings", bad)
	wantStatus(t, rec, http.StatusUnprocessableEntity, "partierna har tillsammans 172 mandat, men församlingen har bara 149")
	if got, _ := f.st.PartySettings(ctx, f.camp.ID); len(got.Assemblies) != 2 {
		t.Errorf("a refused form added an assembly: %+v", got.Assemblies)
	}
	good := form()
	good.Set("a-name-"+strconv.FormatInt(set.Assemblies[0].ID, 10), "KF Huddinge")
	good.Set("a-key-new", "riksdag")
	good.Set("a-name-new", "Riksdagen")
	good.Set("a-level-new", "riksdag")
	good.Set("a-seats-new", "349")
	if rec := b.post(base+"/settings", good); rec.Code != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", rec.Code, rec.Body)
	}
	got, _ := f.st.PartySettings(ctx, f.camp.ID)
	if len(got.Assemblies) != 3 || got.Assemblies[0].Name != "KF Huddinge" || got.Assemblies[2].Key != "riksdag" || got.Assemblies[2].Seats != 349 {
		t.Fatalf("%+v", got.Assemblies)
	}
	ps, _ := f.st.Parties(ctx, f.camp.ID)
	if len(ps) != 7+len(survey.DefaultParties()) || ps[7].Seats != 107 {
		t.Errorf("the new assembly's parties: %d, %+v", len(ps), ps[7])
	}
	// A second assembly with a taken key is named in the form.
	dup := form()
	dup.Set("a-key-new", "region")
	dup.Set("a-name-new", "Region igen")
	dup.Set("a-level-new", "region")
	dup.Set("a-seats-new", "81")
	for _, p := range ps[7:] { // the form now has the Riksdag's parties too
		id := strconv.FormatInt(p.ID, 10)
		dup.Set("short-"+id, p.Short)
		dup.Set("name-"+id, p.Name)
		dup.Set("colour-"+id, p.Colour)
		dup.Set("seats-"+id, strconv.Itoa(p.Seats))
	}
	wantStatus(t, b.post(base+"/settings", dup), http.StatusUnprocessableEntity, "&#34;region&#34; förekommer mer än en gång")
	// Nor may two assemblies share a name: the public page would show two alike.
	same := form()
	same.Set("a-name-"+strconv.FormatInt(set.Assemblies[0].ID, 10), "KF Huddinge")
	same.Set("a-name-"+strconv.FormatInt(set.Assemblies[1].ID, 10), "KF Huddinge")
	wantStatus(t, b.post(base+"/settings", same), http.StatusUnprocessableEntity, "&#34;KF Huddinge&#34; förekommer mer än en gång")
	if got, _ := f.st.PartySettings(ctx, f.camp.ID); got.Assemblies[1].Name != "Regionfullmäktige i Stockholm" {
		t.Errorf("a refused form renamed the region: %q", got.Assemblies[1].Name)
	}
	// Huddinge has no answers in this test, but it cannot go while a demand names it.
	keep := form()
	keep.Set("a-delete-"+strconv.FormatInt(set.Assemblies[0].ID, 10), "1")
	wantStatus(t, b.post(base+"/settings", keep), http.StatusUnprocessableEntity, "kravet &#34;heltid&#34; ställs till den här församlingen")
	// The Riksdag is removed again (no answers there).
	rm := form()
	rm.Set("a-delete-"+strconv.FormatInt(got.Assemblies[2].ID, 10), "1")
	rm.Set("a-name-"+strconv.FormatInt(got.Assemblies[2].ID, 10), "Riksdagen")
	if rec := b.post(base+"/settings", rm); rec.Code != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", rec.Code, rec.Body)
	}
	if got, _ := f.st.PartySettings(ctx, f.camp.ID); len(got.Assemblies) != 2 {
		t.Errorf("after removing: %+v", got.Assemblies)
	}
}

// TestAssembliesListAndOutputs: the list editor says which assemblies each demand is put
// to and changes it until a party has answered; the letter, the follow-up page and the
// printed demand list name the assembly.
func TestAssembliesListAndOutputs(t *testing.T) {
	f := newAssemblyFixture(t)
	ctx := context.Background()
	pw := addUser(t, f.st, "ada", survey.RoleAdmin)
	b := signIn(t, f.e, "ada", pw)
	base := "/admin/campaigns/sodertorn/parties"
	page := b.get(base + "/list?lang=sv").Body.String()
	buss := strconv.FormatInt(f.items[2].ID, 10)
	if !strings.Contains(page, "Ställs till:") || !strings.Contains(page, `name="asm-`+buss+`" value="region" checked`) {
		t.Fatalf("the list editor does not show the assemblies:\n%s", page)
	}
	listForm := func() url.Values {
		v := url.Values{}
		for i, it := range f.items {
			id := strconv.FormatInt(it.ID, 10)
			v.Set("pos-"+id, strconv.Itoa(i+1))
			v.Set("title-"+id, it.Title)
			v.Set("body-"+id, it.Body)
		}
		return v
	}
	none := listForm()
	none.Set("asm-shown-"+buss, "1")
	wantStatus(t, b.post(base+"/list", none), http.StatusUnprocessableEntity, "välj minst en församling som kravet ställs till")
	// "buss" goes to Huddinge only.
	only := listForm()
	only.Set("asm-shown-"+buss, "1")
	only.Add("asm-"+buss, "huddinge")
	if rec := b.post(base+"/list", only); rec.Code != http.StatusSeeOther {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	f.items, _ = f.st.PartyList(ctx, f.camp.ID)
	if got := f.items[2].Assemblies; len(got) != 1 || got[0] != "huddinge" {
		t.Fatalf("buss is put to %v", got)
	}
	ms, _ := f.st.PartyMatrices(ctx, f.camp.ID)
	if len(ms[0].Items) != 2 || len(ms[1].Items) != 1 {
		t.Errorf("items per assembly: %d, %d", len(ms[0].Items), len(ms[1].Items))
	}
	// Once Huddinge's S has answered it, its assemblies stay.
	f.by["huddinge/S"], _ = f.st.Party(ctx, f.camp.ID, f.by["huddinge/S"].ID)
	f.answerAll(t, "huddinge/S")
	back := listForm()
	back.Set("asm-shown-"+buss, "1")
	back.Add("asm-"+buss, "huddinge")
	back.Add("asm-"+buss, "region")
	rec := b.post(base+"/list", back)
	if rec.Code != http.StatusConflict && rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("changing the assemblies of an answered demand: %d", rec.Code)
	}
	wantStatus(t, rec, rec.Code, "vilka församlingar det ställs till kan inte ändras längre")
	if page := b.get(base + "/list?lang=sv").Body.String(); strings.Contains(page, `name="asm-shown-`+buss+`"`) || !strings.Contains(page, `<span class="asm-tag">Kommunfullmäktige i Huddinge</span>`) {
		t.Error("an answered demand's assemblies are still editable")
	}

	// The letter to the region's S lists the region's demands only and names the assembly.
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	if err := f.st.SetPartyDeadline(ctx, f.camp.ID, day, time.Now().AddDate(0, 0, 11)); err != nil {
		t.Fatal(err)
	}
	rs := f.by["region/S"]
	letter := b.post(base+"/"+strconv.FormatInt(rs.ID, 10)+"/links", nil)
	wantStatus(t, letter, http.StatusCreated, "<li>Avskaffa allmän visstid</li>", "Regionfullmäktige i Stockholm")
	if strings.Contains(letter.Body.String(), "<li>Heltid som norm</li>") || strings.Contains(letter.Body.String(), "<li>Bussar som passar skiften</li>") {
		t.Error("the letter lists another assembly's demands")
	}
	wantStatus(t, b.get(base+"/followup?lang=sv"), http.StatusOK, "Socialdemokraterna, Regionfullmäktige i Stockholm")

	// The printed demand list: one line per assembly under a demand put to both.
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	v, err := view.New(i18n.New())
	if err != nil {
		t.Fatal(err)
	}
	lines, _, err := posterPartyAnswers(ctx, f.st, v.Bind(view.Page{Lang: "sv"}), f.camp)
	if err != nil {
		t.Fatal(err)
	}
	if got := lines["visstid"].Marks; got != "region: S\u00a0–  V\u00a0–  M\u00a0–" {
		t.Errorf("the region's demand on the printed list: %q", got)
	}
	if got := lines["buss"]; !strings.HasPrefix(got.Marks, "huddinge: S\u00a0✓") || strings.Contains(got.Marks, "region") ||
		!strings.HasPrefix(got.Spoken, "Kommunfullmäktige i Huddinge: Socialdemokraterna: Ja") {
		t.Errorf("buss on the printed list: %+v", got)
	}
}

// TestAssembliesCommentsNameTheAssembly: with several assemblies the same party answers in
// each; its comments on the public page say which assembly they were given in (M in
// Huddinge is not M in the region), and a one-assembly campaign reads as before.
func TestAssembliesCommentsNameTheAssembly(t *testing.T) {
	f := newAssemblyFixture(t)
	ctx := context.Background()
	for key, text := range map[string]string{"huddinge/M": "Kommunen har inte råd", "region/M": "Regionen utreder saken"} {
		p := f.by[key]
		items := survey.ItemsFor(f.items, strings.Split(key, "/")[0])
		ans := []survey.Answer{{ItemID: items[0].ID, Value: survey.AnswerNo, Comment: text}}
		for _, it := range items[1:] {
			ans = append(ans, survey.Answer{ItemID: it.ID, Value: survey.AnswerPartly})
		}
		if _, err := f.st.SavePartyAnswers(ctx, p.ID, p.Status.Version, ans, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.st.AddFollowUp(ctx, f.camp.ID, &survey.FollowUp{PartyID: f.by["region/M"].ID, ItemID: f.items[2].ID,
		Status: survey.FollowUnderway, Day: "2027-05-02"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/r/sodertorn/partier?lang=sv", "/r/sodertorn/partier/utskrift?lang=sv"} {
		secs := assemblySections(f.get(path).Body.String())
		if len(secs) != 2 {
			t.Fatalf("%s: %d sections", path, len(secs))
		}
		for i, want := range []string{
			`Partiernas kommentarer: Kommunfullmäktige i Huddinge</h3>
<h4>Moderaterna (M)<span class="asm-of">, Kommunfullmäktige i Huddinge</span></h4>`,
			`Partiernas kommentarer: Regionfullmäktige i Stockholm</h3>
<h4>Moderaterna (M)<span class="asm-of">, Regionfullmäktige i Stockholm</span></h4>`,
		} {
			if !strings.Contains(secs[i], want) {
				t.Errorf("%s: section %d lacks %q:\n%s", path, i, want, secs[i])
			}
		}
		if !strings.Contains(secs[1], "Uppföljning av löftena: Regionfullmäktige i Stockholm</h3>") {
			t.Errorf("%s: the follow-ups do not name the assembly", path)
		}
	}
	// The campaign is still open: no assembly's matrix carries member figures, in JSON either
	// (the list has ranks 1-3, so a leak would show as a member_rank).
	var doc PartiesDoc
	if err := json.Unmarshal(f.get("/r/sodertorn/partier.json").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range doc.Assemblies {
		for _, d := range a.Demands {
			if d.MemberPicks != nil || d.MemberShare != nil || d.MemberRank != nil {
				t.Errorf("%s/%s: member figures before the results are public: %+v", a.Key, d.DemandKey, d)
			}
		}
	}
	// nb and en say it too.
	for lang, want := range map[string]string{"nb": "Partienes kommentarer: Kommunfullmäktige i Huddinge", "en": "The parties&#39; comments: Kommunfullmäktige i Huddinge"} {
		if body := f.get("/r/sodertorn/partier?lang=" + lang).Body.String(); !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", lang, want)
		}
	}
}

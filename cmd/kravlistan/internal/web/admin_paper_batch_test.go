package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"
)

func demoResponses(t *testing.T, st *sqlite.Store, slug string) []survey.Response {
	t.Helper()
	camp, err := st.Campaign(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	var rs []survey.Response
	err = st.EachResponse(context.Background(), camp.ID, survey.Unordered, func(r *survey.Response) error {
		c := *r
		c.Ranking = append([]string(nil), r.Ranking...)
		rs = append(rs, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// typeBallot types line into a batch page: Enter shows the ballot as read, Enter again
// saves it.
func typeBallot(t *testing.T, b *browserClient, base, line string, shows ...string) {
	t.Helper()
	rec := b.post(base+"/entry", url.Values{"line": {line}})
	wantStatus(t, rec, http.StatusOK, append([]string{"Så här läses blankett"}, shows...)...)
	rec = b.post(base+"/entry", url.Values{"line": {line}, "checked": {checkedValue(line, "")}})
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, base+"?ok=batch_saved") {
		t.Fatalf("saved ballot goes to %s", loc)
	}
}

var batchIDRE = regexp.MustCompile(`/paper/batches/(\d+)$`)

func openBatch(t *testing.T, b *browserClient, form url.Values) string {
	t.Helper()
	rec := b.post("/admin/campaigns/demo/paper/batches", form)
	wantStatus(t, rec, http.StatusSeeOther)
	loc := rec.Header().Get("Location")
	if !batchIDRE.MatchString(loc) {
		t.Fatalf("new batch at %q", loc)
	}
	return loc
}

func TestPaperBallotRanking(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	rec := b.get("/admin/campaigns/demo/paper")
	wantStatus(t, rec, http.StatusOK, "Skriv 1 i rutan vid det krav som är viktigast för dig", "högst 5 krav",
		"Om dig (frivilligt)", `<span class="pb-on">14</span>`, "Anonymt: skriv inte ditt namn")
	if n := strings.Count(rec.Body.String(), `class="pb-rankbox"`); n != 16 {
		t.Errorf("%d rank boxes, want 16", n)
	}
	if strings.Contains(rec.Body.String(), "Din kod") {
		t.Error("an open campaign's ballot has a code slot")
	}
	wantStatus(t, b.get("/admin/campaigns/demo/paper?workplace=bussdepan&language=en"), http.StatusOK,
		`<html lang="en">`, "Write 1 in the box", "Workplace: Bussdepån Syd", "About you (optional)")
	wantStatus(t, b.get("/admin/campaigns/demo/paper?language=nb"), http.StatusOK, "Skriv 1 i ruten ved kravet")
	wantStatus(t, b.get("/admin/campaigns/demo/paper?workplace=nope"), http.StatusNotFound)
	// With one-time codes the ballot has a slot for the code.
	camp, _ := st.CampaignDoc(context.Background(), "demo")
	camp.Access = survey.AccessCodes
	if err := st.SaveCampaign(context.Background(), camp, "", ""); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.get("/admin/campaigns/demo/paper"), http.StatusOK, "Din kod", "Utan kod räknas inte blanketten")
	wantStatus(t, b.get("/admin/campaigns/demo/reports"), http.StatusOK, `href="/admin/campaigns/demo/paper/batches"`, `href="/admin/campaigns/demo/call"`)
}

// TestPaperBatchDoubleEntry: two people type a pile of three; one ballot differs; the
// batch does not count until the mismatch is reconciled; then every ballot is stored with
// channel paper and the typed lines are gone.
func TestPaperBatchDoubleEntry(t *testing.T) {
	e, st, _, adaPW, ollePW := adminTestServer(t)
	ctx := context.Background()
	camp, _ := st.Campaign(ctx, "demo")
	if err := st.GrantAccess(ctx, camp.ID, 2); err != nil { // olle
		t.Fatal(err)
	}
	ada, olle := signIn(t, e, "ada", adaPW), signIn(t, e, "olle", ollePW)
	base := openBatch(t, ada, url.Values{"workplace": {"sjukhuset"}, "cover": {"3"}, "double": {"1"}})
	wantStatus(t, ada.get(base), http.StatusOK, "Universitetssjukhuset, vårdavdelningarna · omslaget: 3 · dubbel inmatning", "Du skriver in omgång 1.",
		"Kravens och svarens nummer", `<li value="16">Välfärdsråd där facken sitter med vid bordet</li>`, `<span class="pb-opt">14 Transportarbetareförbundet</span>`)

	// Swedish messages of a bad line, and nothing saved.
	rec := ada.post(base+"/entry", url.Values{"line": {"3 17 3"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity, "Blankett 1: krav nummer 17 finns inte: kraven är numrerade 1–16",
		"Blankett 1: krav nummer 3 står mer än en gång", `value="3 17 3"`)
	wantStatus(t, ada.post(base+"/entry", url.Values{"line": {"1 2 3 4 5 6"}}), http.StatusUnprocessableEntity, "Blankett 1: välj högst 5 krav")

	typeBallot(t, ada, base, "3 7 1 / 8 1", "<li>Stopp för missbruk av bemanningsföretag</li><li>Trygghet mot hot och våld i handeln</li>", "Vilket förbund är du medlem i? Kommunal", "Var arbetar du? Kommun")
	typeBallot(t, ada, base, "2")
	typeBallot(t, ada, base, "5,6 / - 4")
	wantStatus(t, ada.get(base), http.StatusOK, "Din omgång är klar. Nu ska en annan person")
	wantStatus(t, ada.post(base+"/entry", url.Values{"line": {"1"}, "checked": {checkedValue("1", "")}}), http.StatusSeeOther)

	// The second person does not see the first pass while typing.
	rec = olle.get(base)
	wantStatus(t, rec, http.StatusOK, "Du skriver in omgång 2.", "0 av 3 blanketter inskrivna.")
	if strings.Contains(rec.Body.String(), "<code>3 7 1") {
		t.Fatal("the second typist sees the first pass")
	}
	typeBallot(t, olle, base, "3,7,1/8,1")
	typeBallot(t, olle, base, "4")
	typeBallot(t, olle, base, "5 6 / - 4")
	rec = olle.get(base)
	wantStatus(t, rec, http.StatusOK, "1 av 3 blanketter skiljer sig åt.", `id="seq-2"`, "<code>2</code>", "<code>4</code>", "De två omgångarna skiljer sig åt för 1 av 3 blanketter.")
	if strings.Contains(rec.Body.String(), `id="seq-1"`) {
		t.Error("ballot 1 typed two ways is shown as a mismatch")
	}
	wantStatus(t, olle.post(base+"/commit", nil), http.StatusUnprocessableEntity, "Bunten kan inte räknas än.")
	if rs := demoResponses(t, st, "demo"); len(rs) != 0 {
		t.Fatalf("%d responses stored before reconciliation", len(rs))
	}
	// Reconcile: the paper says 4.
	wantStatus(t, olle.post(base+"/fix", url.Values{"seq": {"2"}, "line": {"4 99"}}), http.StatusUnprocessableEntity, "Blankett 2: krav nummer 99 finns inte")
	wantStatus(t, olle.post(base+"/fix", url.Values{"seq": {"2"}, "line": {"4"}}), http.StatusSeeOther)
	wantStatus(t, olle.get(base), http.StatusOK, "Båda omgångarna stämmer överens.")
	wantStatus(t, olle.post(base+"/commit", nil), http.StatusSeeOther)
	wantStatus(t, ada.get(base), http.StatusOK, "Bunten är räknad: 3 svar sparade.")

	rs := demoResponses(t, st, "demo")
	got := map[string]bool{}
	for _, r := range rs {
		if r.Channel != survey.ChannelPaper || r.Workplace != "sjukhuset" {
			t.Errorf("stored %+v", r)
		}
		got[strings.Join(r.Ranking, ",")] = true
	}
	if len(rs) != 3 || !got["bemanning,hot-och-vald,heltid"] || !got["fackavdrag"] || !got["delade-turer,bemanning-aldreomsorg"] {
		t.Errorf("stored %v", got)
	}
	var lines int
	if err := sqliteDB(t, st).QueryRow(`SELECT COUNT(*) FROM paper_lines`).Scan(&lines); err != nil || lines != 0 {
		t.Errorf("%d typed lines kept after commit (%v)", lines, err)
	}
	wantStatus(t, olle.post(base+"/commit", nil), http.StatusSeeOther) // a second commit changes nothing
	if n := len(demoResponses(t, st, "demo")); n != 3 {
		t.Errorf("%d responses after a second commit", n)
	}
}

// TestPaperBatchCoverMismatch: a batch whose total is not the cover's count is refused.
func TestPaperBatchCoverMismatch(t *testing.T) {
	e, st, _, adaPW, ollePW := adminTestServer(t)
	ctx := context.Background()
	camp, _ := st.Campaign(ctx, "demo")
	if err := st.GrantAccess(ctx, camp.ID, 2); err != nil { // olle
		t.Fatal(err)
	}
	ada, olle := signIn(t, e, "ada", adaPW), signIn(t, e, "olle", ollePW)
	wantStatus(t, ada.post("/admin/campaigns/demo/paper/batches", url.Values{"cover": {"0"}}), http.StatusUnprocessableEntity, "skriv ett antal från 1 till 2000")
	base := openBatch(t, ada, url.Values{"cover": {"3"}})
	typeBallot(t, ada, base, "1")
	typeBallot(t, olle, base, "2") // a single-entry pile can be typed by turns
	wantStatus(t, ada.post(base+"/commit", nil), http.StatusUnprocessableEntity, "Bunten har 2 blanketter men omslaget säger 3.", "Bunten kan inte räknas än.")
	if rs := demoResponses(t, st, "demo"); len(rs) != 0 {
		t.Fatalf("%d responses stored from a short batch", len(rs))
	}
	typeBallot(t, ada, base, "3")
	// A closed campaign takes no batch: counting it would change the figures by exactly
	// its ballots. Reopened, it does.
	if err := st.SetState(ctx, "demo", survey.StateClosed); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, ada.post(base+"/commit", nil), http.StatusConflict, "Kampanjen är stängd, så bunten kan inte räknas.")
	if rs := demoResponses(t, st, "demo"); len(rs) != 0 {
		t.Fatalf("%d responses stored from a batch in a closed campaign", len(rs))
	}
	if err := st.SetState(ctx, "demo", survey.StateOpen); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, ada.post(base+"/entry", url.Values{"line": {"4"}}), http.StatusUnprocessableEntity, "Omgången har redan så många blanketter som omslaget säger.")
	wantStatus(t, ada.get(base), http.StatusOK, "Alla blanketter enligt omslaget är inskrivna (3).")
	// Remove one: the count is short again.
	wantStatus(t, ada.post(base+"/drop", url.Values{"seq": {"2"}}), http.StatusSeeOther)
	wantStatus(t, ada.post(base+"/commit", nil), http.StatusUnprocessableEntity, "Bunten har 2 blanketter men omslaget säger 3.")
	wantStatus(t, ada.post(base+"/discard", nil), http.StatusSeeOther)
	wantStatus(t, ada.get(base), http.StatusNotFound)
	if rs := demoResponses(t, st, "demo"); len(rs) != 0 {
		t.Fatalf("%d responses stored from a discarded batch", len(rs))
	}
}

// sqliteDB opens the store's file read-only, to look at what it keeps.
func sqliteDB(t *testing.T, st *sqlite.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// partyFixture is a server on a real database whose demo campaign has the default parties
// and a frozen list of three demands.
type partyFixture struct {
	e     *echo.Echo
	st    *sqlite.Store
	camp  *survey.Campaign
	ps    []sqlite.PartyRow
	items []survey.ListItem
	log   *syncBuffer
}

func newPartyFixture(tb testing.TB) *partyFixture {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenWith(ctx, filepath.Join(tb.TempDir(), "k.db"), sqlite.Options{Tallier: report.Tallies{}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.CreateCampaign(ctx, survey.Demo()); err != nil {
		tb.Fatal(err)
	}
	camp, err := st.Campaign(ctx, "demo")
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.InitParties(ctx, camp.ID); err != nil {
		tb.Fatal(err)
	}
	if err := st.FreezeList(ctx, camp, []survey.ListItem{
		{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1, Picks: 412, Share: 0.62},
		{DemandKey: "visstid", Title: "Avskaffa allmän visstid", Rank: 2, Picks: 380, Share: 0.57},
		{DemandKey: "delade-turer", Title: "Avskaffa delade turer", Rank: 3, Picks: 201, Share: 0.3},
	}); err != nil {
		tb.Fatal(err)
	}
	f := &partyFixture{st: st, camp: camp, log: &syncBuffer{}}
	f.ps, _ = st.Parties(ctx, camp.ID)
	f.items, _ = st.PartyList(ctx, camp.ID)
	f.e = newTestServer(tb, st, slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	return f
}

// link makes an answer link for party i valid for a week.
func (f *partyFixture) link(tb testing.TB, i int) string {
	tb.Helper()
	tok, err := f.st.CreatePartyLink(context.Background(), f.camp.ID, f.ps[i].ID, time.Now().Add(7*24*time.Hour))
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

func (f *partyFixture) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

func (f *partyFixture) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

// answerForm fills in every demand with v (skipping "") and comment on the first.
func (f *partyFixture) answerForm(version int, action string, v survey.AnswerValue, comment string) url.Values {
	form := url.Values{"version": {strconv.Itoa(version)}, "action": {action}}
	for i, it := range f.items {
		id := strconv.FormatInt(it.ID, 10)
		if v != "" {
			form.Set("a-"+id, string(v))
		}
		if i == 0 && comment != "" {
			form.Set("c-"+id, comment)
		}
	}
	return form
}

func TestPartyTokenPages(t *testing.T) {
	f := newPartyFixture(t)
	ctx := context.Background()
	tok := f.link(t, 0)
	revoked := f.link(t, 1)
	links, _ := f.st.PartyLinks(ctx, f.camp.ID)
	if err := f.st.RevokePartyLink(ctx, f.camp.ID, links[0].ID); err != nil {
		t.Fatal(err)
	}
	expired, err := f.st.CreatePartyLink(ctx, f.camp.ID, f.ps[2].ID, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	const unknown = "/p/does-not-exist-at-all-0000000000000000"
	plain := f.get(unknown)
	if plain.Code != http.StatusNotFound {
		t.Fatalf("unknown token: %d", plain.Code)
	}
	for name, path := range map[string]string{
		"Guess":    "/p/" + tok[:len(tok)-1] + "x",
		"Short":    "/p/abc",
		"Revoked":  "/p/" + revoked,
		"Expired":  "/p/" + expired,
		"Prefix":   "/p/" + tok[:20],
		"Extended": "/p/" + tok + "0",
	} {
		t.Run(name, func(t *testing.T) {
			for _, rec := range []*httptest.ResponseRecorder{f.get(path), f.post(path, f.answerForm(0, "save", survey.AnswerYes, ""))} {
				if rec.Code != http.StatusNotFound {
					t.Fatalf("status %d", rec.Code)
				}
				// The language links repeat the visitor's own path; apart from that the page
				// must be the very same as for a token that never existed.
				if strings.ReplaceAll(rec.Body.String(), path, unknown) != plain.Body.String() {
					t.Error("the 404 differs from the one for an unknown token")
				}
				if strings.Contains(rec.Body.String(), "Socialdemokraterna") || strings.Contains(rec.Body.String(), f.camp.Title) {
					t.Error("the 404 reveals the party or campaign")
				}
			}
		})
	}

	t.Run("Valid", func(t *testing.T) {
		rec := f.get("/p/" + tok)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "Svar från Socialdemokraterna") || !strings.Contains(body, "Heltid som norm") ||
			!strings.Contains(body, `type="radio"`) || strings.Contains(body, "<script>") {
			t.Fatalf("%d %s", rec.Code, body)
		}
		if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("X-Robots-Tag") == "" {
			t.Errorf("headers %v", rec.Header())
		}
		p, _ := f.st.Party(ctx, f.camp.ID, f.ps[0].ID)
		if p.Status.State() != survey.PartyOpened {
			t.Errorf("state %s", p.Status.State())
		}
	})

	t.Run("DraftSubmitLockReopen", func(t *testing.T) {
		path := "/p/" + tok
		rec := f.post(path, f.answerForm(0, "save", "", "<script>alert(1)</script>"))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?ok=saved" {
			t.Fatalf("draft: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		page := f.get(path + "?ok=saved").Body.String()
		if !strings.Contains(page, "Utkastet är sparat") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Fatalf("draft page: %s", page)
		}
		rec = f.post(path, f.answerForm(1, "submit", "", ""))
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "svara Ja, Nej eller Delvis innan ni skickar in") {
			t.Fatalf("incomplete submit: %d", rec.Code)
		}
		rec = f.post(path, f.answerForm(1, "submit", survey.AnswerYes, "Självklart"))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body.String())
		}
		page = f.get(path).Body.String()
		if !strings.Contains(page, "är låsta") || strings.Contains(page, "<form") {
			t.Fatalf("locked page: %s", page)
		}
		rec = f.post(path, f.answerForm(2, "save", survey.AnswerNo, ""))
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "redan inskickade och låsta") {
			t.Fatalf("save after submit: %d", rec.Code)
		}
		if a, _ := f.st.PartyAnswers(ctx, f.ps[0].ID); a[f.items[0].ID].Value != survey.AnswerYes {
			t.Fatal("locked answers changed")
		}
		if err := f.st.ReopenParty(ctx, f.camp.ID, f.ps[0].ID); err != nil {
			t.Fatal(err)
		}
		page = f.get(path).Body.String()
		if !strings.Contains(page, "<form") || !strings.Contains(page, `name="version" value="3"`) {
			t.Fatalf("reopened page: %s", page)
		}
	})

	t.Run("TokenNeverLogged", func(t *testing.T) {
		logs := f.log.String()
		for _, s := range []string{tok, revoked, expired} {
			if strings.Contains(logs, s) {
				t.Fatal("a token is in the log")
			}
		}
		if !strings.Contains(logs, "route=/p/:token") {
			t.Errorf("no request line with the route pattern: %s", logs)
		}
	})
}

func TestPartyAnswerStale(t *testing.T) {
	f := newPartyFixture(t)
	tok := f.link(t, 3)
	path := "/p/" + tok
	// Two representatives open the form at version 0; the first saves.
	if rec := f.post(path, f.answerForm(0, "save", survey.AnswerYes, "Från kansliet")); rec.Code != http.StatusSeeOther {
		t.Fatalf("first: %d", rec.Code)
	}
	rec := f.post(path, f.answerForm(0, "save", survey.AnswerNo, "Från gruppledaren"))
	body := rec.Body.String()
	if rec.Code != http.StatusConflict || !strings.Contains(body, "någon annan från ert parti har sparat svaren") {
		t.Fatalf("second: %d %s", rec.Code, body)
	}
	if !strings.Contains(body, "Från gruppledaren") || !strings.Contains(body, "Sparat av någon annan") || !strings.Contains(body, "Från kansliet") {
		t.Error("the refused save does not show both versions")
	}
	a, _ := f.st.PartyAnswers(context.Background(), f.ps[3].ID)
	if a[f.items[0].ID].Comment != "Från kansliet" {
		t.Fatal("the stale save overwrote the first")
	}
}

func TestPartyAnswerConcurrentHTTP(t *testing.T) {
	f := newPartyFixture(t)
	path := "/p/" + f.link(t, 4)
	const n = 6
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = f.post(path, f.answerForm(0, "save", survey.AnswerPartly, "rep "+strconv.Itoa(i))).Code
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			ok++
		case http.StatusConflict:
		default:
			t.Errorf("status %d", c)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of %d saves from the same version succeeded: %v", ok, n, codes)
	}
}

func TestPartiesPublication(t *testing.T) {
	f := newPartyFixture(t)
	ctx := context.Background()
	// S, V, MP answer Ja; M submits Nej with a formula-like comment; SD refuses; C leaves a draft.
	for _, i := range []int{0, 4, 7} {
		f.submit(t, i, survey.AnswerYes, "")
	}
	f.submit(t, 1, survey.AnswerNo, `=HYPERLINK("http://x")<b>`)
	sd := f.ps[2].Party
	sd.Refused = true
	if err := f.st.SaveParty(ctx, f.camp.ID, &sd); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SavePartyAnswers(ctx, f.ps[3].ID, 0, []survey.Answer{{ItemID: f.items[0].ID, Value: survey.AnswerYes, Comment: "UTKAST-HEMLIS"}}, false); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/r/demo/partier", "/r/demo/partier/utskrift", "/r/demo/partier.json"}
	t.Run("NothingBeforePublish", func(t *testing.T) {
		for _, p := range append(paths, "/r/okand/partier", "/r/okand/partier.json") {
			if rec := f.get(p); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "Socialdemokraterna") {
				t.Errorf("%s: %d", p, rec.Code)
			}
		}
	})
	if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, false); err != nil {
		t.Fatal(err)
	}
	if err := f.st.AddFollowUp(ctx, f.camp.ID, &survey.FollowUp{PartyID: f.ps[0].ID, ItemID: f.items[0].ID,
		Status: survey.FollowPartly, Day: "2027-05-02", Note: "Heltid i hemtjänsten"}); err != nil {
		t.Fatal(err)
	}
	t.Run("Page", func(t *testing.T) {
		rec := f.get(paths[0])
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%d", rec.Code)
		}
		for _, want := range []string{
			"✓</span> Ja", "✗</span> Nej", "⊘</span> Vägrar svara", "–</span> Har inte svarat",
			"Riksdagen</h2>", "Majoritet: 175 av 349 mandat.",
			// S 107 + V 24 + MP 18 = 149 < 175.
			"Ingen majoritet (149 mandat)",
			"=HYPERLINK(&#34;http://x&#34;)&lt;b&gt;", "Partiernas kommentarer",
			"Uppföljning av löftena", "Delvis infriat", "Heltid i hemtjänsten",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q", want)
			}
		}
		if strings.Contains(body, "asm-of") || strings.Contains(body, "kommentarer:") {
			t.Error("a one-assembly campaign names its assembly beside each party's comments")
		}
		if strings.Contains(body, "UTKAST-HEMLIS") || strings.Contains(body, "party-filter") {
			t.Error("a draft or the off-by-default filter shows")
		}
		// The attack: member figures beside the parties before the results are
		// published (the campaign is still open).
		if strings.Contains(body, "412") || strings.Contains(body, "62 %") || !strings.Contains(body, `<td class="num">–</td>`) {
			t.Error("member figures shown before the results are published")
		}
	})
	t.Run("Print", func(t *testing.T) {
		body := f.get(paths[1]).Body.String()
		if !strings.Contains(body, `class="party-public print"`) || strings.Contains(body, `class="printlink"`) {
			t.Error("print version")
		}
	})
	t.Run("JSON", func(t *testing.T) {
		rec := f.get(paths[2])
		var pd PartiesDoc
		if err := json.Unmarshal(rec.Body.Bytes(), &pd); err != nil {
			t.Fatal(err)
		}
		if len(pd.Assemblies) != 1 {
			t.Fatalf("%+v", pd)
		}
		doc := pd.Assemblies[0]
		if len(doc.Demands) != 3 || len(doc.Parties) != 8 || doc.Majority != 175 || doc.Key != "riksdag" || doc.Seats != 349 {
			t.Fatalf("%+v", doc)
		}
		d := doc.Demands[0]
		if d.MemberPicks != nil || d.MemberShare != nil || d.MemberRank != nil || strings.Contains(rec.Body.String(), "412") {
			t.Errorf("member figures in the JSON before the results are published: %s", rec.Body.String())
		}
		if d.Majority.Seats != 149 || d.Majority.Has || d.Answers["M"].Comment != `=HYPERLINK("http://x")<b>` ||
			d.Answers["SD"].Assessment != survey.AssessRefused || d.Answers["C"].Assessment != survey.AssessNoAnswer || d.Answers["S"].Answer != survey.AnswerYes {
			t.Errorf("%+v", d)
		}
		if doc.Parties[3].Status != survey.PartyDraft || doc.Parties[2].Status != "refused" || doc.Parties[0].SubmittedAt == "" {
			t.Errorf("%+v", doc.Parties)
		}
		if strings.Contains(rec.Body.String(), "UTKAST-HEMLIS") {
			t.Error("a draft is in the JSON")
		}
	})
	t.Run("Filter", func(t *testing.T) {
		if err := f.st.SetPartiesPublished(ctx, f.camp.ID, true, true); err != nil {
			t.Fatal(err)
		}
		body := f.get(paths[0]).Body.String()
		if !strings.Contains(body, "party-filter") || !strings.Contains(body, `id="filter-a1" hidden`) {
			t.Error("filter missing")
		}
	})
	t.Run("MemberFiguresOnceResultsPublished", func(t *testing.T) {
		// Closed and published, but fewer answers than the threshold: still no figures.
		if err := f.st.SetState(ctx, "demo", survey.StateClosed); err != nil {
			t.Fatal(err)
		}
		if err := f.st.SetPublished(ctx, "demo", true); err != nil {
			t.Fatal(err)
		}
		if body := f.get(paths[0]).Body.String(); strings.Contains(body, "412") {
			t.Error("member figures shown with fewer answers than the threshold")
		}
		for range 5 {
			r := &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2027-01-02", Ranking: []string{"heltid"}}
			if _, err := f.st.Submit(ctx, f.camp.ID, r); err != nil {
				t.Fatal(err)
			}
		}
		if body := f.get(paths[0]).Body.String(); !strings.Contains(body, "412 (62 %)") {
			t.Error("member figures missing once the results are published")
		}
		var doc PartiesDoc
		if err := json.Unmarshal(f.get(paths[2]).Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if d := doc.Assemblies[0].Demands[0]; d.MemberPicks == nil || *d.MemberPicks != 412 || d.MemberRank == nil || *d.MemberRank != 1 {
			t.Errorf("published member figures: %+v", d)
		}
	})
	t.Run("Unpublish", func(t *testing.T) {
		if err := f.st.SetPartiesPublished(ctx, f.camp.ID, false, false); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if rec := f.get(p); rec.Code != http.StatusNotFound {
				t.Errorf("%s: %d", p, rec.Code)
			}
		}
	})
}

// submit submits answer v to every demand for party i, with comment on the first.
func (f *partyFixture) submit(tb testing.TB, i int, v survey.AnswerValue, comment string) {
	tb.Helper()
	as := make([]survey.Answer, len(f.items))
	for j, it := range f.items {
		as[j] = survey.Answer{ItemID: it.ID, Value: v}
	}
	as[0].Comment = comment
	p, _ := f.st.Party(context.Background(), f.camp.ID, f.ps[i].ID)
	if _, err := f.st.SavePartyAnswers(context.Background(), f.ps[i].ID, p.Status.Version, as, true); err != nil {
		tb.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine writing and a test reading.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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

// apiTestServer returns the real Echo instance on a real SQLite file holding the demo
// campaign (open) plus a draft, a closed and a not-yet-open campaign.
func apiTestServer(tb testing.TB) (*echo.Echo, *sqlite.Store) {
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
	future := time.Now().Add(48 * time.Hour)
	for slug, mod := range map[string]func(*survey.Campaign){
		"utkast":  func(c *survey.Campaign) { c.State = survey.StateDraft },
		"stangd":  func(c *survey.Campaign) { c.State = survey.StateClosed },
		"snart":   func(c *survey.Campaign) { c.OpensAt = &future },
		"forslag": func(c *survey.Campaign) { c.AllowProposals = false },
	} {
		c := survey.Demo()
		c.Slug = slug
		mod(c)
		if err := st.CreateCampaign(ctx, c); err != nil {
			tb.Fatal(err)
		}
	}
	e := newTestServer(tb, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return e, st
}

func do(e http.Handler, method, path, ctype, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

const jsonType = "application/json"

func TestAPI(t *testing.T) {
	e, _ := apiTestServer(t)
	id := uuid.NewString()
	ok := fmt.Sprintf(`{"id":%q,"workplace":"sjukhuset","background":{"forbund":"kommunal"},"ranking":["heltid","visstid"],"proposal":"Fler bussar"}`, id)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		want                            string
	}{
		{"Health", "GET", "/healthz", "", "", 200, `"status":"ok"`},
		{"CampaignGet", "GET", "/api/v1/campaigns/demo", "", "", 200, `"max_picks":5`},
		{"CampaignGetNoInternals", "GET", "/api/v1/campaigns/demo", "", "", 200, `"workplaces":[{"code":"sjukhuset"`},
		{"CampaignGetUnknown", "GET", "/api/v1/campaigns/nope", "", "", 404, `det finns ingen kampanj`},
		{"CampaignGetDraft", "GET", "/api/v1/campaigns/utkast", "", "", 404, `ingen kampanj`},
		{"CampaignGetClosed", "GET", "/api/v1/campaigns/stangd", "", "", 200, `"state":"closed"`},
		{"Created", "POST", "/api/v1/campaigns/demo/responses", jsonType, ok, 201, id},
		{"Replay", "POST", "/api/v1/campaigns/demo/responses", jsonType, ok, 200, id},
		{"Conflict", "POST", "/api/v1/campaigns/demo/responses", jsonType, strings.Replace(ok, `"visstid"`, `"busslinjer"`, 1), 409, `samma id`},
		{"CharsetOK", "POST", "/api/v1/campaigns/demo/responses", "application/json; charset=utf-8", `{"ranking":["heltid"]}`, 201, `"id"`},
		{"NoID", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"]}`, 201, `"id"`},
		{"ErrUnknownDemand", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid","x"]}`, 422, `"field":"ranking[1]","message":"okänt krav \"x\""`},
		{"ErrDuplicateDemand", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid","heltid"]}`, 422, `mer än en gång`},
		{"ErrTooMany", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid","visstid","bemanning","fackavdrag","delade-turer","hyresratter"]}`, 422, `välj högst 5 krav`},
		{"ErrTooFew", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":[]}`, 422, `välj minst 1 krav`},
		{"ErrUnknownQuestion", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"],"background":{"lon":"x"}}`, 422, `okänd fråga`},
		{"ErrUnknownOption", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"],"background":{"forbund":"saco"}}`, 422, `okänt svarsalternativ`},
		{"ErrProposalTooLong", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"],"proposal":"` + strings.Repeat("x", 1001) + `"}`, 422, `högst 1000 tecken`},
		{"ErrProposalsOff", "POST", "/api/v1/campaigns/forslag/responses", jsonType, `{"ranking":["heltid"],"proposal":"x"}`, 422, `tar inte emot egna förslag`},
		{"ErrMalformedUUID", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"id":"1234","ranking":["heltid"]}`, 422, `"field":"id"`},
		{"ErrWrongType", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":"heltid"}`, 422, `"field":"ranking"`},
		{"ErrUnknownCampaign", "POST", "/api/v1/campaigns/nope/responses", jsonType, `{"ranking":["heltid"]}`, 404, `ingen kampanj`},
		{"ErrUnknownWorkplace", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"workplace":"kontoret","ranking":["heltid"]}`, 404, `okänd arbetsplats`},
		{"ErrClosed", "POST", "/api/v1/campaigns/stangd/responses", jsonType, `{"ranking":["heltid"]}`, 403, `stängd`},
		{"ErrNotYetOpen", "POST", "/api/v1/campaigns/snart/responses", jsonType, `{"ranking":["heltid"]}`, 403, `inte öppnat än`},
		{"ErrDraft", "POST", "/api/v1/campaigns/utkast/responses", jsonType, `{"ranking":["heltid"]}`, 403, `inte öppen`},
		{"ErrTooLarge", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"proposal":"` + strings.Repeat("x", 70<<10) + `"}`, 413, `för stor`},
		{"ErrNotJSON", "POST", "/api/v1/campaigns/demo/responses", "application/x-www-form-urlencoded", `ranking=heltid`, 415, `application/json`},
		{"ErrNoContentType", "POST", "/api/v1/campaigns/demo/responses", "", `{"ranking":["heltid"]}`, 415, `application/json`},
		{"ErrMalformedJSON", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"`, 400, `ogiltig JSON`},
		{"ErrTrailingJSON", "POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["heltid"]}{}`, 400, `ogiltig JSON`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(e, tc.method, tc.path, tc.ctype, tc.body)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("body %s does not contain %s", rec.Body, tc.want)
			}
			if rec.Code >= 400 {
				var body struct {
					Errors []apiError `json:"errors"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) == 0 || body.Errors[0].Message == "" {
					t.Errorf("error body %s is not {\"errors\": [...]}", rec.Body)
				}
			}
		})
	}
}

// TestAPIStoresWhatWasSent reads a submission back from the store: day only, no time.
func TestAPIStoresWhatWasSent(t *testing.T) {
	e, st := apiTestServer(t)
	id := uuid.New()
	body := fmt.Sprintf(`{"id":%q,"workplace":"bussdepan","background":{"alder":"60-plus","sektor":""},"ranking":["busslinjer","heltid"],"proposal":"<script>alert(1)</script>"}`, id)
	if rec := do(e, "POST", "/api/v1/campaigns/demo/responses", jsonType, body); rec.Code != 201 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	r, err := st.Response(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Workplace != "bussdepan" || r.Channel != survey.ChannelAPI || r.Proposal != "<script>alert(1)</script>" ||
		len(r.Background) != 1 || r.Background["alder"] != "60-plus" || strings.Join(r.Ranking, ",") != "busslinjer,heltid" {
		t.Errorf("stored %+v", r)
	}
	if r.Day != time.Now().Format(time.DateOnly) {
		t.Errorf("day = %q", r.Day)
	}
}

// TestAPIConcurrentSubmissions posts from many goroutines at once through the router,
// with replays mixed in, and checks every response is stored exactly once.
func TestAPIConcurrentSubmissions(t *testing.T) {
	e, st := apiTestServer(t)
	srv := httptest.NewServer(e)
	defer srv.Close()
	const workers, each = 24, 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ids []uuid.UUID
	errs := make(chan string, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				id := uuid.New()
				body := fmt.Sprintf(`{"id":%q,"ranking":["heltid","visstid"]}`, id)
				for try := 0; try < 1+i%3; try++ { // some sent two or three times
					resp, err := http.Post(srv.URL+"/api/v1/campaigns/demo/responses", jsonType, strings.NewReader(body))
					if err != nil {
						errs <- err.Error()
						return
					}
					resp.Body.Close()
					want := 201
					if try > 0 {
						want = 200
					}
					if resp.StatusCode != want {
						errs <- fmt.Sprintf("try %d: status %d", try, resp.StatusCode)
					}
				}
				mu.Lock()
				ids = append(ids, id)
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	c, _ := st.Campaign(context.Background(), "demo")
	seen := map[uuid.UUID]int{}
	st.EachResponse(context.Background(), c.ID, sqlite.Unordered, func(r *survey.Response) error { seen[r.ID]++; return nil })
	if len(seen) != len(ids) {
		t.Fatalf("stored %d, sent %d", len(seen), len(ids))
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("%s stored %d times", id, seen[id])
		}
	}
}

// BenchmarkAPISubmit measures the whole submit path: routing, decoding, validation and a
// durable group commit.
func BenchmarkAPISubmit(b *testing.B) {
	e, _ := apiTestServer(b)
	b.ReportAllocs()
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := `{"id":"` + uuid.NewString() + `","workplace":"sjukhuset","background":{"forbund":"kommunal"},"ranking":["heltid","visstid","busslinjer","upphandling","delade-turer"]}`
			rec := do(e, "POST", "/api/v1/campaigns/demo/responses", jsonType, body)
			if rec.Code != 201 {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
}

// TestHeadMemberPage lets link checkers and uptime monitors use HEAD on a workplace link.
func TestHeadMemberPage(t *testing.T) {
	e, _ := apiTestServer(t)
	for path, want := range map[string]int{"/s/demo": 200, "/s/demo/sjukhuset": 200, "/s/demo/nope": 404, "/s/nope": 404} {
		rec := do(e, http.MethodHead, path, "", "")
		if rec.Code != want || rec.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d with %d body bytes, want %d and none", path, rec.Code, rec.Body.Len(), want)
		}
	}
}

// TestOneJSONErrorShape: every JSON endpoint, 404 for an unknown route included, answers
// errors as {"errors": [{"field": "...", "message": "..."}]} and nothing else.
func TestOneJSONErrorShape(t *testing.T) {
	e, _ := apiTestServer(t)
	for _, tc := range []struct {
		method, path, ctype, body string
		status                    int
		field                     string
	}{
		{"GET", "/api/v1/nope", "", "", 404, ""},
		{"GET", "/api/v1/campaigns/finns-inte", "", "", 404, ""},
		{"GET", "/nope.json", "", "", 404, ""},
		{"GET", "/r/finns-inte/results.json", "", "", 404, ""},
		{"GET", "/r/demo/results.json", "", "", 404, ""},
		{"GET", "/r/demo/partier.json", "", "", 404, ""},
		{"GET", "/r/finns-inte/partier.json", "", "", 404, ""},
		{"POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":`, 400, ""},
		{"POST", "/api/v1/campaigns/demo/responses", "text/plain", `{}`, 415, ""},
		{"POST", "/api/v1/campaigns/demo/responses", jsonType, `{"ranking":["nope"]}`, 422, "ranking[0]"},
		{"POST", "/api/v1/campaigns/stangd/responses", jsonType, `{"ranking":["heltid"]}`, 403, ""},
		{"DELETE", "/api/v1/campaigns/demo", "", "", 405, ""},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		name := tc.method + " " + tc.path
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", name, rec.Code, tc.status)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q, want JSON", name, ct)
			continue
		}
		var body map[string][]map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body) != 1 || len(body["errors"]) == 0 {
			t.Errorf("%s: body %s is not {\"errors\": [...]} (%v)", name, rec.Body, err)
			continue
		}
		for _, entry := range body["errors"] {
			field, fok := entry["field"].(string)
			msg, mok := entry["message"].(string)
			if len(entry) != 2 || !fok || !mok || msg == "" {
				t.Errorf("%s: entry %v is not {\"field\", \"message\"}", name, entry)
			}
			if tc.field != "" && field != tc.field {
				t.Errorf("%s: field %q, want %q", name, field, tc.field)
			}
		}
	}
}

package web

import (
	"context"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kravlistan/survey"
	"kravlistan/survey/sqlite"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// rateTestServer is apiTestServer plus the rating demo (skipping allowed), a copy where
// every demand must be rated ("betyg-alla", scale 1–5) and a closed one ("betyg-stangd").
func rateTestServer(tb testing.TB) (*echo.Echo, *sqlite.Store) {
	tb.Helper()
	e, st := apiTestServer(tb)
	ctx := context.Background()
	if err := st.CreateCampaign(ctx, survey.DemoRating()); err != nil { // demo-betyg, as -demo loads it
		tb.Fatal(err)
	}
	all := survey.DemoRating()
	all.Slug, all.Scale.Max, all.Scale.TopBox, all.Scale.RequireAll = "betyg-alla", 5, 0, true
	all.Demands = all.Demands[:4]
	closed := survey.DemoRating()
	closed.Slug, closed.State = "betyg-stangd", survey.StateClosed
	for _, c := range []*survey.Campaign{all, closed} {
		if err := st.CreateCampaign(ctx, c); err != nil {
			tb.Fatal(err)
		}
	}
	return e, st
}

func TestAPIRatings(t *testing.T) {
	e, st := rateTestServer(t)
	id := uuid.NewString()
	ok := fmt.Sprintf(`{"id":%q,"workplace":"bussdepan","ratings":{"heltid":8,"visstid":10,"taxa":1}}`, id)
	const path = "/api/v1/campaigns/demo-betyg/responses"
	tests := []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"CampaignGet", "/api/v1/campaigns/demo-betyg", "", 200, `"ballot":"rate","scale":{"min":1,"max":10,"low_label":"Inte viktigt","high_label":"Mycket viktigt","top_box":8,"require_all":false}`},
		{"Created", path, ok, 201, id},
		{"Replay", path, ok, 200, id},
		{"Conflict", path, strings.Replace(ok, `"taxa":1`, `"taxa":2`, 1), 409, `samma id`},
		{"OneRatingEnough", path, `{"ratings":{"skola":5}}`, 201, `"id"`},
		{"AllRated", "/api/v1/campaigns/betyg-alla/responses", `{"ratings":{"heltid":5,"visstid":1,"bemanning":3,"fackavdrag":4}}`, 201, `"id"`},
		{"ErrAboveScale", path, `{"ratings":{"heltid":11}}`, 422, `"field":"ratings.heltid","message":"betyget måste vara ett heltal från 1 till 10"`},
		{"ErrBelowScale", path, `{"ratings":{"heltid":0}}`, 422, `"field":"ratings.heltid"`},
		{"ErrUnknownDemand", path, `{"ratings":{"heltid":5,"nope":5}}`, 422, `"field":"ratings.nope","message":"okänt krav \"nope\""`},
		{"ErrNoRatings", path, `{"ratings":{}}`, 422, `"field":"ratings","message":"betygsätt minst ett krav"`},
		{"ErrNothing", path, `{}`, 422, `"field":"ratings"`},
		{"ErrMissingWhereRequired", "/api/v1/campaigns/betyg-alla/responses", `{"ratings":{"heltid":5,"visstid":1}}`, 422, `"field":"ratings.bemanning","message":"kravet har inget betyg`},
		{"ErrNotWhole", path, `{"ratings":{"heltid":7.5}}`, 422, `"field":"ratings.heltid","message":"fel typ: ska vara ett heltal"`},
		{"ErrString", path, `{"ratings":{"heltid":"7"}}`, 422, `"field":"ratings.heltid"`},
		{"ErrNotObject", path, `{"ratings":[7]}`, 422, `"field":"ratings"`},
		{"ErrRankingOnRate", path, `{"ranking":["heltid"]}`, 422, `"field":"ranking","message":"den här kampanjen betygsätter kraven`},
		{"ErrRatingsOnRank", "/api/v1/campaigns/demo/responses", `{"ranking":["heltid"],"ratings":{"heltid":3}}`, 422, `"field":"ratings","message":"den här kampanjen rangordnar kraven`},
		{"ErrClosed", "/api/v1/campaigns/betyg-stangd/responses", `{"ratings":{"heltid":3}}`, 403, `stängd`},
		{"ErrMalformedJSON", path, `{"ratings":{"heltid":3}`, 400, `ogiltig JSON`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method, ctype := "POST", jsonType
			if tc.body == "" {
				method, ctype = "GET", ""
			}
			rec := do(e, method, tc.path, ctype, tc.body)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("status %d, want %d; body %s should contain %s", rec.Code, tc.status, rec.Body, tc.want)
			}
		})
	}
	r, err := st.Response(context.Background(), uuid.MustParse(id))
	if err != nil || !maps.Equal(r.Ratings, map[string]int{"heltid": 8, "visstid": 10, "taxa": 1}) || r.Workplace != "bussdepan" {
		t.Errorf("stored %+v %v", r, err)
	}
}

func TestMemberRatePage(t *testing.T) {
	e, st := rateTestServer(t)
	ctx := context.Background()

	t.Run("Page", func(t *testing.T) {
		rec := get(e, "/s/demo-betyg?lang=sv")
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
		for _, w := range []string{"Betygsätt kraven", `class="btns c5"`, `name="rate-heltid" value="10"`,
			"1 = Inte viktigt, 10 = Mycket viktigt", "Ingen åsikt", "0 av 21 besvarade", "dina betyg"} {
			if !strings.Contains(body, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		if n := strings.Count(body, "<fieldset"); n != 21 {
			t.Errorf("%d fieldsets, want one per demand (21)", n)
		}
		if strings.Contains(body, "rank.js") || !strings.Contains(body, "/static/rate.") {
			t.Error("the rating page should load rate.js, not rank.js")
		}
		for lang, w := range map[string]string{"nb": "Gi kravene karakter", "en": "Rate the demands"} {
			if b := get(e, "/s/demo-betyg?lang="+lang).Body.String(); !strings.Contains(b, w) {
				t.Errorf("%s page lacks %q", lang, w)
			}
		}
		if b := get(e, "/s/betyg-alla").Body.String(); strings.Contains(b, "Ingen åsikt") || !strings.Contains(b, `class="btns c5"`) ||
			!strings.Contains(b, "Alla krav behöver ett betyg") {
			t.Error("a campaign that requires every rating offers no skip button")
		}
	})

	t.Run("StoredAndRedirected", func(t *testing.T) {
		id := formID(t, get(e, "/s/demo-betyg/lagret").Body.String())
		form := url.Values{"id": {id}, "rate-heltid": {"9"}, "rate-visstid": {""}, "rate-taxa": {"1"}, "bg-alder": {"30-44"}}
		rec := post(e, "/s/demo-betyg/lagret", form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/s/demo-betyg/_tack" {
			t.Fatalf("status %d Location %q:\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		r, err := st.Response(ctx, uuid.MustParse(id))
		if err != nil {
			t.Fatal(err)
		}
		want := &survey.Response{Workplace: "lagret", Ratings: map[string]int{"heltid": 9, "taxa": 1},
			Background: map[string]string{"alder": "30-44"}}
		if !r.SameContent(want) || r.Channel != survey.ChannelWeb {
			t.Errorf("stored %+v, want %+v", r, want)
		}
	})

	t.Run("InvalidKeepsChoices", func(t *testing.T) {
		id := uuid.NewString()
		form := url.Values{"id": {id}, "rate-heltid": {"11"}, "rate-visstid": {"sju"}, "rate-taxa": {"4"}, "bg-sektor": {"kommun"}}
		rec := post(e, "/s/demo-betyg?lang=sv", form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d:\n%s", rec.Code, rec.Body)
		}
		body := rec.Body.String()
		msg := template.HTMLEscapeString(survey.Message("sv", "rating_range", 1, 10))
		for _, w := range []string{"Svaret kunde inte skickas", `id="e-heltid"`, `id="e-visstid"`, msg,
			`name="rate-taxa" value="4" checked`, `<option value="kommun" selected>`, `name="id" value="` + id + `"`,
			`aria-describedby="e-heltid"`, "1 av 21 besvarade"} {
			if !strings.Contains(body, w) {
				t.Errorf("422 page lacks %q", w)
			}
		}
		if strings.Count(body, msg) < 2 {
			t.Errorf("both bad ratings should carry the range message")
		}
	})

	t.Run("NothingRated", func(t *testing.T) {
		rec := post(e, "/s/demo-betyg", url.Values{"id": {uuid.NewString()}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Betygen: betygsätt minst ett krav") {
			t.Errorf("status %d:\n%s", rec.Code, rec.Body)
		}
	})

	t.Run("MissingWhereRequired", func(t *testing.T) {
		rec := post(e, "/s/betyg-alla?lang=en", url.Values{"id": {uuid.NewString()}, "rate-heltid": {"5"}, "rate-visstid": {"2"}})
		body := rec.Body.String()
		want := template.HTMLEscapeString(survey.Message("en", "rating_missing"))
		if rec.Code != http.StatusUnprocessableEntity || strings.Count(body, want) != 2*2 { // summary and field, two demands
			t.Errorf("status %d, %d × %q:\n%s", rec.Code, strings.Count(body, want), want, body)
		}
	})

	t.Run("RankFieldsIgnored", func(t *testing.T) {
		// A stale ranking form posted to a campaign that now rates: the rank fields are not
		// read, so the member is asked to rate.
		rec := post(e, "/s/demo-betyg", url.Values{"id": {uuid.NewString()}, "rank-heltid": {"1"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("status %d", rec.Code)
		}
	})
}

func TestRateCols(t *testing.T) {
	for n, want := range map[int]int{2: 2, 5: 5, 6: 3, 7: 4, 10: 5, 11: 4} {
		if got := rateCols(n); got != want {
			t.Errorf("rateCols(%d) = %d, want %d", n, got, want)
		}
		// At 320 px the row has 270 px inside the demand box: every button at least 44 px.
		if w := (270 - 6*(rateCols(n)-1)) / rateCols(n); w < 44 {
			t.Errorf("%d values: buttons %d px wide", n, w)
		}
	}
}

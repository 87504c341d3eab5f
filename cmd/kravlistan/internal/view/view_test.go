package view

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kravlistan/cmd/kravlistan/internal/i18n"
	"kravlistan/survey"

	"github.com/labstack/echo/v4"
)

func TestEngineRendersNoticeAndRefusesUnknownPage(t *testing.T) {
	v, err := New(i18n.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Execute("no-such-page", nil); err == nil {
		t.Error("an unknown page rendered")
	}
	e := echo.New()
	req := httptest.NewRequest(http.MethodGet, "/s/x?lang=en", nil)
	rec := httptest.NewRecorder()
	c := e.NewContext(req, rec)
	if err := v.RenderError(c, &survey.Error{Code: survey.ENOTOPEN, Key: "closed"}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "The survey is closed") ||
		rec.Header().Get("Content-Language") != "en" {
		t.Errorf("closed page: %d %q\n%s", rec.Code, rec.Header().Get("Content-Language"), rec.Body)
	}
	if !strings.Contains(rec.Body.String(), "/static/app.") {
		t.Error("the layout does not link the hashed stylesheet")
	}
}

func TestAsPageError(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		key    string
	}{
		{echo.NewHTTPError(http.StatusNotFound), 404, "err.notfound"},
		{echo.NewHTTPError(http.StatusTooManyRequests), 429, "err.toomany"},
		{&survey.Error{Code: survey.ENOTFOUND, Key: "campaign_not_found"}, 404, "err.campaign"},
		{&survey.Error{Code: survey.ENOTOPEN, Key: "draft"}, 404, "err.draft"},
		{&survey.Error{Code: survey.ENOTOPEN, Key: "not_yet_open"}, 403, "err.notyet"},
		{errors.New("disk on fire"), 500, "err.internal"},
	} {
		pe := AsPageError(tc.err)
		if pe.Status != tc.status || pe.Key != tc.key {
			t.Errorf("%v: %d %s, want %d %s", tc.err, pe.Status, pe.Key, tc.status, tc.key)
		}
	}
}

func TestFormErrors(t *testing.T) {
	f := FormErrors{}
	f.AddErr("en", &survey.Error{Code: survey.EINVALID, Fields: []survey.FieldError{{Field: "demands[2].title", Code: "required"}}})
	f.Add("", "general")
	if !f.Has("demands[2].title") || f.ID("demands[2].title") != "err-demands-2-title" {
		t.Errorf("field id %q", f.ID("demands[2].title"))
	}
	if all := f.All(); len(all) != 2 || all[0] != "general" || strings.Contains(all[1], "demands") || all[1] == "" {
		t.Errorf("All = %q", all)
	}
	if f.Msgs("nothing", "x") != nil || f.Msgs("", "e-form").ID != "e-form" {
		t.Error("Msgs")
	}
}

// TestAddErrInternal: an error that is not the user's shows a plain message in the page's
// language, never the Go error's text.
func TestAddErrInternal(t *testing.T) {
	for lang, want := range map[string]string{"sv": "internt fel", "nb": "intern feil", "en": "internal error"} {
		f := FormErrors{}
		f.AddErr(lang, errors.New("sqlite: database is locked"))
		got := strings.Join(f[""], " ")
		if !strings.Contains(got, want) || strings.Contains(got, "sqlite") {
			t.Errorf("%s: %q", lang, got)
		}
	}
}

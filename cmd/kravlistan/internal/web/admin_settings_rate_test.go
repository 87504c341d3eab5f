package web

import (
	"net/http"
	"net/url"
	"testing"

	"kravlistan/survey"
)

// ballotForm returns the fields of the settings form with the given changes.
func ballotForm(changes map[string]string) url.Values {
	v := url.Values{"title": {"Betyg"}, "intro": {""}, "min_picks": {"1"}, "max_picks": {"5"}, "anonymity_threshold": {"5"},
		"method": {"borda"}, "ballot": {"rank"}, "scale.min": {"1"}, "scale.max": {"10"}, "scale.top_box": {""},
		"scale.low_label": {""}, "scale.high_label": {""}}
	for k, x := range changes {
		v.Set(k, x)
	}
	return v
}

func TestEditorBallotSettings(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	base := "/admin/campaigns/utkast"
	wantStatus(t, b.get(base+"/settings"), http.StatusOK, `name="ballot" value="rank" checked`, `name="scale.max" type="number" value="10"`)

	t.Run("ErrScale", func(t *testing.T) {
		rec := b.post(base+"/settings", ballotForm(map[string]string{"ballot": "rate", "scale.min": "1", "scale.max": "30", "scale.low_label": "Oviktigt"}))
		wantStatus(t, rec, http.StatusUnprocessableEntity, "skalan måste ha mellan 2 och 11 steg", `value="30"`, `value="Oviktigt"`,
			`name="ballot" value="rate" checked`, `aria-describedby="err-scale-max"`)
		if stored(t, st, "utkast").Rates() {
			t.Fatal("half-saved")
		}
		rec = b.post(base+"/settings", ballotForm(map[string]string{"ballot": "rate", "scale.max": "tio"}))
		wantStatus(t, rec, http.StatusUnprocessableEntity, "måste vara ett heltal")
	})
	t.Run("RateSaved", func(t *testing.T) {
		// The ranking method switches to the mean with the ballot kind.
		rec := b.post(base+"/settings", ballotForm(map[string]string{"ballot": "rate", "scale.min": "1", "scale.max": "5",
			"scale.low_label": "Oviktigt", "scale.high_label": "Viktigt", "scale.require_all": "1"}))
		wantStatus(t, rec, http.StatusSeeOther)
		c := stored(t, st, "utkast")
		want := survey.Scale{Min: 1, Max: 5, TopBox: 4, LowLabel: "Oviktigt", HighLabel: "Viktigt", RequireAll: true}
		if !c.Rates() || c.Method != survey.MethodMean || c.Scale == nil || *c.Scale != want {
			t.Fatalf("ballot %q method %q scale %+v", c.Ballot, c.Method, c.Scale)
		}
		wantStatus(t, b.get(base+"/settings"), http.StatusOK, `name="ballot" value="rate" checked`, `value="Oviktigt"`, `value="4"`,
			`name="scale.require_all" value="1" checked`, `value="mean" selected`)
	})
	t.Run("ErrKindAfterAnswers", func(t *testing.T) {
		// demo has answers: it may not become a rating campaign.
		answer(t, st, "demo", "heltid")
		rec := b.post("/admin/campaigns/demo/settings", ballotForm(map[string]string{"ballot": "rate", "title": "Valet"}))
		wantStatus(t, rec, http.StatusUnprocessableEntity, "kan inte ändras när kampanjen har fått svar")
		if c := stored(t, st, "demo"); c.Rates() {
			t.Fatal("the kind changed under the answers")
		}
	})
	t.Run("BackToRank", func(t *testing.T) {
		rec := b.post(base+"/settings", ballotForm(map[string]string{"ballot": "rank", "method": "mean"}))
		wantStatus(t, rec, http.StatusSeeOther)
		c := stored(t, st, "utkast")
		if c.Rates() || c.Method != survey.MethodBorda {
			t.Fatalf("ballot %q method %q", c.Ballot, c.Method)
		}
	})
}

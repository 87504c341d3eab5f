package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"kravlistan/survey"
)

// TestAccessModeGuards: the way members answer (open link or one-time codes) cannot
// change once they have answered, and a campaign is never left open with codes required
// and none to answer with: an open campaign switches to codes only when unused codes
// exist, and a draft that needs codes opens only then.
func TestAccessModeGuards(t *testing.T) {
	e, st, _, adaPW, _ := adminTestServer(t)
	b := signIn(t, e, "ada", adaPW)
	ctx := context.Background()
	codesForm := ballotForm(map[string]string{"access": "codes"})
	t.Run("ErrOpenCampaignNoCodes", func(t *testing.T) {
		wantStatus(t, b.post("/admin/campaigns/demo/settings", codesForm), http.StatusUnprocessableEntity,
			"inga oanvända engångskoder", `name="access" value="codes" checked`)
		if stored(t, st, "demo").NeedsCode() {
			t.Fatal("switched to codes with none issued")
		}
	})
	t.Run("DraftSwitchesThenOpensWithCodes", func(t *testing.T) {
		if rec := b.post("/admin/campaigns/utkast/settings", codesForm); rec.Code != http.StatusSeeOther {
			t.Fatalf("draft to codes: %d\n%s", rec.Code, rec.Body)
		}
		open := url.Values{"to": {"open"}}
		wantStatus(t, b.post("/admin/campaigns/utkast/state", open), http.StatusUnprocessableEntity, "inga oanvända koder")
		if c := stored(t, st, "utkast"); c.State != survey.StateDraft {
			t.Fatalf("opened with no codes: %s", c.State)
		}
		if _, _, err := st.IssueCodes(ctx, stored(t, st, "utkast").ID, "", 2); err != nil {
			t.Fatal(err)
		}
		if rec := b.post("/admin/campaigns/utkast/state", open); rec.Code != http.StatusSeeOther {
			t.Fatalf("open with codes: %d\n%s", rec.Code, rec.Body)
		}
	})
	t.Run("ErrAfterAnswers", func(t *testing.T) {
		if _, _, err := st.IssueCodes(ctx, stored(t, st, "demo").ID, "", 2); err != nil {
			t.Fatal(err)
		}
		submitN(t, st, "demo", 1, "2026-03-02", "", nil)
		wantStatus(t, b.post("/admin/campaigns/demo/settings", codesForm), http.StatusUnprocessableEntity,
			"kan inte ändras när medlemmar redan har svarat")
		if stored(t, st, "demo").NeedsCode() {
			t.Fatal("switched to codes after answers")
		}
		// The utkast campaign, now open with codes and no answers, may still go back.
		if rec := b.post("/admin/campaigns/utkast/settings", ballotForm(map[string]string{"access": "open"})); rec.Code != http.StatusSeeOther {
			t.Fatalf("codes to open before answers: %d\n%s", rec.Code, rec.Body)
		}
	})
}

package web

import (
	"fmt"
	"testing"

	"github.com/google/uuid"
)

// TestReplayOracleOneGuess: someone who learns a response id can no longer test guessed
// ballots against it. The first different ballot is a conflict, as documented; from then on
// even the stored ballot answers 409, so the answer to a guess carries no information.
func TestReplayOracleOneGuess(t *testing.T) {
	e, _ := apiTestServer(t)
	id := uuid.NewString()
	ballot := func(first, second string) string {
		return fmt.Sprintf(`{"id":%q,"workplace":"sjukhuset","background":{"forbund":"kommunal"},"ranking":[%q,%q]}`, id, first, second)
	}
	const path = "/api/v1/campaigns/demo/responses"
	if rec := do(e, "POST", path, jsonType, ballot("heltid", "visstid")); rec.Code != 201 {
		t.Fatalf("first submit: %d %s", rec.Code, rec.Body)
	}
	if rec := do(e, "POST", path, jsonType, ballot("heltid", "visstid")); rec.Code != 200 {
		t.Fatalf("an honest retry: %d %s, want 200", rec.Code, rec.Body)
	}
	if rec := do(e, "POST", path, jsonType, ballot("visstid", "heltid")); rec.Code != 409 {
		t.Fatalf("a wrong guess: %d %s, want 409", rec.Code, rec.Body)
	}
	// The right guess now looks exactly like a wrong one.
	rec := do(e, "POST", path, jsonType, ballot("heltid", "visstid"))
	if rec.Code != 409 {
		t.Fatalf("the right guess after a wrong one: %d %s, want 409 (no oracle)", rec.Code, rec.Body)
	}
	wrong := do(e, "POST", path, jsonType, ballot("busslinjer", "heltid"))
	if wrong.Code != 409 || wrong.Body.String() != rec.Body.String() {
		t.Fatalf("right and wrong guesses differ: %d %q vs %d %q", rec.Code, rec.Body, wrong.Code, wrong.Body)
	}
	// Another id is unaffected.
	other := fmt.Sprintf(`{"id":%q,"ranking":["heltid"]}`, uuid.NewString())
	if rec := do(e, "POST", path, jsonType, other); rec.Code != 201 {
		t.Fatalf("another id: %d %s", rec.Code, rec.Body)
	}
}

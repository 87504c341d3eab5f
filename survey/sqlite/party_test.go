package sqlite

import (
	"context"
	"testing"
	"time"

	"kravlistan/survey"
)

// The party confrontation's behaviour is in the conformance suite (survey/storetest);
// what is left here is how this store keeps it.

// TestPartyTokenOnlyHashStored: an answer link's token is never in the database, neither
// as bytes nor as text.
func TestPartyTokenOnlyHashStored(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c := mustDemo(t, st)
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid som norm"}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := st.Parties(ctx, c.ID)
	tok, err := st.CreatePartyLink(ctx, c.ID, ps[0].ID, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var n, all int
	if err := st.r.QueryRow(`SELECT COUNT(*) FROM party_links WHERE token_hash = ? OR CAST(token_hash AS TEXT) = ?`, tok, tok).Scan(&n); err != nil {
		t.Fatal(err)
	}
	st.r.QueryRow(`SELECT COUNT(*) FROM party_links`).Scan(&all)
	if n != 0 || all != 1 {
		t.Errorf("%d of %d links hold the token in the clear", n, all)
	}
}

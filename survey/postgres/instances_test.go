package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"
)

// What the conformance suite (survey/storetest) cannot show: several instances on one
// database, and what the store keeps in it.

// frozenDemo stores the demo campaign, gives it the default parties and a frozen list of
// two demands, and returns it, the parties and the list.
func frozenDemo(t *testing.T, st *Store) (*survey.Campaign, []survey.PartyRow, []survey.ListItem) {
	t.Helper()
	ctx := context.Background()
	c := demoCampaign(t, st, "demo")
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: "heltid", Title: "Heltid som norm"}, {DemandKey: "visstid", Title: "Avskaffa visstid"}}); err != nil {
		t.Fatal(err)
	}
	ps, err := st.Parties(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.PartyList(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, ps, list
}

// TestTwoInstancesPartyAnswers: representatives' forms loaded at the same version and
// sent to two instances at once: exactly one save wins (this fails without the row
// locks); the winner's answers are what both instances read.
func TestTwoInstancesPartyAnswers(t *testing.T) {
	sts := instances(t, 2)
	st1, st2 := sts[0], sts[1]
	ctx := context.Background()
	c, ps, list := frozenDemo(t, st1)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		st := []*Store{st1, st2}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := []survey.Answer{{ItemID: list[0].ID, Value: survey.AnswerYes, Comment: string(rune('A' + i))}}
			_, errs[i] = st.SavePartyAnswers(ctx, ps[0].ID, 0, a, false)
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			if won >= 0 {
				t.Fatalf("saves %d and %d from version 0 both won", won, i)
			}
			won = i
		} else if se, _ := err.(*survey.Error); se == nil || se.Key != "stale_answers" {
			t.Errorf("a losing save: %v", err)
		}
	}
	if won < 0 {
		t.Fatal("no save won")
	}
	p, _ := st2.Party(ctx, c.ID, ps[0].ID)
	a, _ := st2.PartyAnswers(ctx, ps[0].ID)
	if p.Status.Version != 1 || a[list[0].ID].Comment != string(rune('A'+won)) {
		t.Errorf("version %d, answers %+v; want the winner's (%c) at version 1", p.Status.Version, a, 'A'+won)
	}
}

// TestTwoInstancesListAndAnswers: a list edit and a party's save through two instances at
// once never lose the answers: either the save sees the new list, or the edit sees the
// answers and keeps their wording.
func TestTwoInstancesListAndAnswers(t *testing.T) {
	sts := instances(t, 2)
	st1, st2 := sts[0], sts[1]
	ctx := context.Background()
	c, ps, list := frozenDemo(t, st1)
	var wg sync.WaitGroup
	var freezeErr, saveErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		// Freezing again replaces every item: allowed only while no party has answered.
		freezeErr = st1.FreezeList(ctx, c, []survey.ListItem{{DemandKey: "fackavdrag", Title: "Fackavdraget"}})
	}()
	go func() {
		defer wg.Done()
		_, saveErr = st2.SavePartyAnswers(ctx, ps[0].ID, 0, []survey.Answer{{ItemID: list[0].ID, Value: survey.AnswerYes}}, false)
	}()
	wg.Wait()
	items, _ := st2.PartyList(ctx, c.ID)
	a, _ := st2.PartyAnswers(ctx, ps[0].ID)
	p, _ := st2.Party(ctx, c.ID, ps[0].ID)
	switch {
	case freezeErr == nil && saveErr == nil:
		t.Fatal("both the new list and answers to the old one were accepted")
	case freezeErr == nil: // the list changed first; the save named an item gone
		if len(items) != 1 || p.Status.SavedAt != nil {
			t.Errorf("list %+v, party %+v", items, p.Status)
		}
	case saveErr == nil: // the answer came first; the freeze was refused
		if se, _ := freezeErr.(*survey.Error); se == nil || se.Key != "list_has_answers" {
			t.Errorf("freeze after answers: %v", freezeErr)
		}
		if len(items) != 2 || len(a) != 1 || p.Status.SavedAt == nil {
			t.Errorf("the answers were lost: list %+v, answers %+v, party %+v", items, a, p.Status)
		}
	default:
		t.Fatalf("both refused: %v; %v", freezeErr, saveErr)
	}
}

// TestTwoInstancesFirstAdmin: the setup link used through two instances at once makes
// one admin; names differing only in case made at once make one account.
func TestTwoInstancesFirstAdmin(t *testing.T) {
	sts := instances(t, 2)
	st1, st2 := sts[0], sts[1]
	ctx := context.Background()
	now := time.Now()
	hash := []byte("setup token hash, thirty-two byt")
	if err := st1.CreateSetupToken(ctx, hash, now); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, st := range []*Store{st1, st2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.UseSetupToken(ctx, hash, now, time.Hour, []string{"ada", "bo"}[i], "x")
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("setup link used twice at once: %v, %v; want one success", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil && err != survey.ErrSetupUsed {
			t.Errorf("the losing use: %v", err)
		}
	}

	for i, st := range []*Store{st1, st2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.CreateUser(ctx, []string{"Cecilia", "cecilia"}[i], survey.RoleOrganiser, "x")
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || survey.ErrorCode(errs[0])+survey.ErrorCode(errs[1]) != survey.ECONFLICT {
		t.Errorf("names in two cases at once: %v, %v; want one ECONFLICT", errs[0], errs[1])
	}
	if n, _ := st2.CountUsers(ctx); n != 2 {
		t.Errorf("%d accounts, want 2", n)
	}
	u, _, err := st2.UserByName(ctx, "CECILIA")
	if err != nil {
		t.Fatal(err)
	}
	// A session made on one instance works on the other; disabling the account on the
	// other ends it.
	lim := survey.SessionLimits{Idle: time.Hour, Absolute: 12 * time.Hour}
	if err := st1.CreateSession(ctx, []byte("token hash"), u.ID, "csrf", now); err != nil {
		t.Fatal(err)
	}
	if ss, err := st2.Session(ctx, []byte("token hash"), now.Add(2*time.Minute), lim); err != nil || ss.User.ID != u.ID {
		t.Fatalf("the session on the other instance: %+v %v", ss, err)
	}
	if _, err := st2.SetUserDisabled(ctx, "cecilia", true); err != nil {
		t.Fatal(err)
	}
	if _, err := st1.Session(ctx, []byte("token hash"), now.Add(3*time.Minute), lim); err != survey.ErrNoSession {
		t.Errorf("a disabled account's session: %v", err)
	}
}

// TestPartyTokenOnlyHashStored: an answer link's token is never in the database, neither
// as bytes nor as text.
func TestPartyTokenOnlyHashStored(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	c, ps, _ := frozenDemo(t, st)
	tok, err := st.CreatePartyLink(ctx, c.ID, ps[0].ID, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := st.PartyByToken(ctx, tok); err != nil || a.Party.ID != ps[0].ID {
		t.Fatalf("PartyByToken: %+v %v", a, err)
	}
	var n, all int
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE token_hash = convert_to($1, 'UTF8')
		OR encode(token_hash, 'escape') LIKE '%' || $1 || '%' OR encode(token_hash, 'base64') LIKE '%' || $1 || '%'), COUNT(*)
		FROM party_links`, tok).Scan(&n, &all); err != nil {
		t.Fatal(err)
	}
	if n != 0 || all != 1 {
		t.Errorf("%d of %d links hold the token in the clear", n, all)
	}
}

package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"
)

// mustParties gives the demo campaign its default parties and a frozen list of three
// demands, and returns the campaign, the parties and the list.
func mustParties(tb testing.TB, st *Store) (*survey.Campaign, []PartyRow, []survey.ListItem) {
	tb.Helper()
	ctx := context.Background()
	c := mustDemo(tb, st)
	if err := st.InitParties(ctx, c.ID); err != nil {
		tb.Fatal(err)
	}
	items := []survey.ListItem{
		{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1, Picks: 40, Share: 0.8},
		{DemandKey: "visstid", Title: "Avskaffa allmän visstid", Rank: 2, Picks: 30, Share: 0.6},
		{DemandKey: "busslinjer", Title: "Bussar för skiftarbete", Rank: 3, Picks: 10, Share: 0.2},
	}
	if err := st.FreezeList(ctx, c, items); err != nil {
		tb.Fatal(err)
	}
	ps, err := st.Parties(ctx, c.ID)
	if err != nil {
		tb.Fatal(err)
	}
	list, err := st.PartyList(ctx, c.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return c, ps, list
}

func answersAll(list []survey.ListItem, v survey.AnswerValue) []survey.Answer {
	out := make([]survey.Answer, len(list))
	for i, it := range list {
		out[i] = survey.Answer{ItemID: it.ID, Value: v}
	}
	return out
}

func TestInitPartiesOnce(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c, ps, _ := mustParties(t, st)
	if len(ps) != 8 || ps[0].Short != "S" || ps[7].Short != "MP" {
		t.Fatalf("default parties: %+v", ps)
	}
	if err := st.DeleteParty(ctx, c.ID, ps[7].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := st.Parties(ctx, c.ID); len(ps) != 7 {
		t.Errorf("InitParties added parties again: %d", len(ps))
	}
	t.Run("ErrSeatsOverAssembly", func(t *testing.T) {
		err := st.SetAssembly(ctx, c.ID, survey.Assembly{Kind: survey.AssemblyMunicipal, Seats: 61})
		if survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("want EINVALID, got %v", err)
		}
	})
	t.Run("EditParty", func(t *testing.T) {
		p := ps[0].Party
		p.Seats = 200
		if err := st.SaveParty(ctx, c.ID, &p); survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("want seats_over_total, got %v", err)
		}
		p.Seats, p.Name = 100, "Arbetarepartiet"
		if err := st.SaveParty(ctx, c.ID, &p); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Party(ctx, c.ID, p.ID)
		if got.Name != "Arbetarepartiet" || got.Seats != 100 {
			t.Errorf("saved %+v", got)
		}
	})
}

func TestPartyTokens(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { return now }
	c, ps, list := mustParties(t, st)
	tok, err := st.CreatePartyLink(ctx, c.ID, ps[0].ID, now.Add(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 22 { // 128 bits in base64url
		t.Fatalf("token %d characters", len(tok))
	}
	t.Run("Valid", func(t *testing.T) {
		a, err := st.PartyByToken(ctx, tok)
		if err != nil || a.Party.ID != ps[0].ID || a.Slug != "demo" {
			t.Fatalf("%+v %v", a, err)
		}
	})
	t.Run("Guessing", func(t *testing.T) {
		for _, guess := range []string{"", "x", tok[:len(tok)-1], tok + "A", tok[:len(tok)-1] + "B", "0000000000000000000000000000000000000000000"} {
			if _, err := st.PartyByToken(ctx, guess); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("%q: %v", guess, err)
			}
		}
	})
	t.Run("OnlyHashStored", func(t *testing.T) {
		var n int
		st.r.QueryRow(`SELECT COUNT(*) FROM party_links WHERE token_hash = ? OR CAST(token_hash AS TEXT) = ?`, tok, tok).Scan(&n)
		if n != 0 {
			t.Error("the token is stored in the clear")
		}
	})
	t.Run("Expiry", func(t *testing.T) {
		short, _ := st.CreatePartyLink(ctx, c.ID, ps[1].ID, now.Add(time.Hour))
		if _, err := st.PartyByToken(ctx, short); err != nil {
			t.Fatal(err)
		}
		st.Now = func() time.Time { return now.Add(time.Hour) }
		defer func() { st.Now = func() time.Time { return now } }()
		if _, err := st.PartyByToken(ctx, short); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("expired link works: %v", err)
		}
	})
	t.Run("Revocation", func(t *testing.T) {
		other, _ := st.CreatePartyLink(ctx, c.ID, ps[2].ID, now.Add(time.Hour))
		links, _ := st.PartyLinks(ctx, c.ID)
		if err := st.RevokePartyLink(ctx, c.ID+1, links[0].ID); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("revoked through another campaign: %v", err)
		}
		if err := st.RevokePartyLink(ctx, c.ID, links[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PartyByToken(ctx, other); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("revoked link works: %v", err)
		}
		if _, err := st.PartyByToken(ctx, tok); err != nil {
			t.Errorf("revoking one link broke another: %v", err)
		}
	})
	t.Run("LockAndReopen", func(t *testing.T) {
		pid := ps[0].ID
		v, err := st.SavePartyAnswers(ctx, pid, 0, answersAll(list, survey.AnswerYes)[:1], false)
		if err != nil || v != 1 {
			t.Fatalf("draft: %d %v", v, err)
		}
		if _, err := st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerYes)[:1], true); survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("incomplete submit: %v", err)
		}
		v, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerYes), true)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := st.Party(ctx, c.ID, pid)
		if p.Status.State() != survey.PartySubmitted || !p.Status.SubmittedAt.Equal(now) {
			t.Fatalf("status %+v", p.Status)
		}
		_, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerNo), false)
		if se, _ := err.(*survey.Error); se == nil || se.Key != "answers_locked" {
			t.Fatalf("locked answers changed: %v", err)
		}
		if err := st.ReopenParty(ctx, c.ID, pid); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerNo), false); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("a form from before the reopening saved: %v", err)
		}
		if _, err := st.SavePartyAnswers(ctx, pid, v+1, answersAll(list, survey.AnswerNo), false); err != nil {
			t.Fatalf("after reopening: %v", err)
		}
		p, _ = st.Party(ctx, c.ID, pid)
		if p.Status.State() != survey.PartyDraft {
			t.Errorf("state %s", p.Status.State())
		}
	})
}

func TestPartyAnswersConcurrent(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	_, ps, list := mustParties(t, st)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := answersAll(list, survey.AnswerYes)
			a[0].Comment = "representant " + string(rune('A'+i))
			_, errs[i] = st.SavePartyAnswers(ctx, ps[0].ID, 0, a, false)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if se, _ := err.(*survey.Error); se == nil || se.Key != "stale_answers" {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d saves from version 0 succeeded, want exactly 1", ok)
	}
}

func TestPartyListAndMatrix(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c, ps, list := mustParties(t, st)
	if list[0].Picks != 40 || list[1].Share != 0.6 {
		t.Fatalf("figures not kept: %+v", list)
	}
	// Riksdag 349, majority 175. S 107 + V 24 + MP 18 + C 24 = 173 < 175; with KD 19 → 192.
	yes := func(i int, v survey.AnswerValue) {
		t.Helper()
		if _, err := st.SavePartyAnswers(ctx, ps[i].ID, ps[i].Status.Version, answersAll(list, v), true); err != nil {
			t.Fatal(err)
		}
	}
	for i, short := range []string{"S", "V", "MP", "C"} {
		if ps[[]int{0, 4, 7, 3}[i]].Short != short {
			t.Fatal("party order changed")
		}
	}
	yes(0, survey.AnswerYes)
	yes(4, survey.AnswerYes)
	yes(7, survey.AnswerYes)
	yes(3, survey.AnswerYes)
	// KD only saves a draft: it must not count.
	if _, err := st.SavePartyAnswers(ctx, ps[5].ID, 0, answersAll(list, survey.AnswerYes), false); err != nil {
		t.Fatal(err)
	}
	m, err := st.PartyMatrix(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Majority[0]; got.Seats != 173 || got.Has || got.Needed != 175 {
		t.Fatalf("majority %+v", got)
	}
	if m.Cells[0][5].Assessment != survey.AssessNoAnswer {
		t.Errorf("draft shown: %+v", m.Cells[0][5])
	}
	// KD submits; the district reads C's yes on visstid as unclear.
	if _, err := st.SavePartyAnswers(ctx, ps[5].ID, 1, answersAll(list, survey.AnswerYes), true); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAssessment(ctx, c.ID, ps[3].ID, list[1].ID, survey.AssessUnclear); err != nil {
		t.Fatal(err)
	}
	m, _ = st.PartyMatrix(ctx, c.ID)
	if got := m.Majority[0]; got.Seats != 192 || !got.Has {
		t.Errorf("heltid %+v", got)
	}
	if got := m.Majority[1]; got.Seats != 168 || got.Has {
		t.Errorf("visstid %+v", got)
	}

	t.Run("ErrRefreezeWithAnswers", func(t *testing.T) {
		err := st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: "heltid", Title: "x"}})
		if survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("want ECONFLICT, got %v", err)
		}
	})
	t.Run("EditList", func(t *testing.T) {
		// The parties answered heltid as worded: rewording it now is refused, and nothing
		// of the refused save is kept.
		edited := []survey.ListItem{list[2], list[0], {DemandKey: "fackavdrag", Title: "Fackavdraget"}}
		edited[1].Title = "Rätt till heltid"
		err := st.SaveList(ctx, c, edited)
		if survey.ErrorCode(err) != survey.ECONFLICT || len(survey.FieldErrors(err)) != 1 || survey.FieldErrors(err)[0].Field != "items[1].title" {
			t.Fatalf("rewording an answered demand: %v", err)
		}
		if got, _ := st.PartyList(ctx, c.ID); len(got) != len(list) || got[0].Title != list[0].Title {
			t.Fatalf("a refused edit changed the list: %+v", got)
		}
		// Moving, dropping and adding stay possible.
		edited[1].Title = list[0].Title
		if err := st.SaveList(ctx, c, edited); err != nil {
			t.Fatal(err)
		}
		got, _ := st.PartyList(ctx, c.ID)
		if len(got) != 3 || got[0].DemandKey != "busslinjer" || got[1].Title != list[0].Title || got[1].Picks != 40 || got[2].DemandKey != "fackavdrag" {
			t.Fatalf("list %+v", got)
		}
		a, _ := st.PartyAnswers(ctx, ps[0].ID)
		if len(a) != 2 || a[list[1].ID].Value != "" {
			t.Errorf("answers after dropping visstid: %+v", a)
		}
	})
	t.Run("FollowUps", func(t *testing.T) {
		f := &survey.FollowUp{PartyID: ps[0].ID, ItemID: list[0].ID, Status: survey.FollowUnderway, Day: "2027-03-01", Note: "=HYPERLINK()"}
		if err := st.AddFollowUp(ctx, c.ID, f); err != nil {
			t.Fatal(err)
		}
		if err := st.AddFollowUp(ctx, c.ID+1, &survey.FollowUp{PartyID: ps[0].ID, ItemID: list[0].ID, Status: survey.FollowKept, Day: "2027-03-02"}); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("follow-up through another campaign: %v", err)
		}
		fs, err := st.FollowUps(ctx, c.ID)
		if err != nil || len(fs) != 1 || fs[0].Note != "=HYPERLINK()" {
			t.Fatalf("%+v %v", fs, err)
		}
		if err := st.DeleteFollowUp(ctx, c.ID, fs[0].ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Publish", func(t *testing.T) {
		if set, _ := st.PartySettings(ctx, c.ID); set.Published || set.Filter {
			t.Fatal("published by default")
		}
		if err := st.SetPartiesPublished(ctx, c.ID, true, true); err != nil {
			t.Fatal(err)
		}
		if set, _ := st.PartySettings(ctx, c.ID); !set.Published || !set.Filter || set.FrozenAt == nil {
			t.Fatalf("%+v", set)
		}
	})
}

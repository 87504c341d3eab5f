package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"kravlistan/survey"
)

// The party confrontation beyond testParties: the default parties and the assembly, answer
// links, saves that race, the matrix, the list edited after answers, follow-ups, the one
// settings form, the deadline and copying the parties to the next campaign.

// partiesDemo gives the demo campaign its default parties and a frozen list of three
// demands, and returns the campaign, the parties and the list.
func partiesDemo(t *testing.T, st survey.Store) (*survey.Campaign, []survey.PartyRow, []survey.ListItem) {
	t.Helper()
	ctx := context.Background()
	c := demo(t, st, "demo")
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	items := []survey.ListItem{
		{DemandKey: "heltid", Title: "Heltid som norm", Rank: 1, Picks: 40, Share: 0.8},
		{DemandKey: "visstid", Title: "Avskaffa allmän visstid", Rank: 2, Picks: 30, Share: 0.6},
		{DemandKey: "busslinjer", Title: "Bussar för skiftarbete", Rank: 3, Picks: 10, Share: 0.2},
	}
	if err := st.FreezeList(ctx, c, items); err != nil {
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

func answersAll(list []survey.ListItem, v survey.AnswerValue) []survey.Answer {
	out := make([]survey.Answer, len(list))
	for i, it := range list {
		out[i] = survey.Answer{ItemID: it.ID, Value: v}
	}
	return out
}

func wantKey(t *testing.T, what string, err error, key string) {
	t.Helper()
	if se, _ := err.(*survey.Error); se == nil || se.Key != key {
		t.Errorf("%s: %v, want the error %q", what, err, key)
	}
}

// testPartySetup: the default parties come once; seats must fit the assembly.
func testPartySetup(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c, ps, _ := partiesDemo(t, st)
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
	set0, _ := st.PartySettings(ctx, c.ID)
	small := set0.Assemblies[0]
	small.Level, small.Seats = survey.LevelKommun, 61
	stored, _ := st.Parties(ctx, c.ID)
	kept := make([]survey.Party, len(stored))
	for i, r := range stored {
		kept[i] = r.Party
	}
	wantCode(t, "seats over the assembly", st.SaveParties(ctx, c.ID, small, kept, nil), survey.EINVALID)
	p := ps[0].Party
	p.Seats = 200
	wantCode(t, "a party's seats over the total", st.SaveParty(ctx, c.ID, &p), survey.EINVALID)
	p.Seats, p.Name = 100, "Arbetarepartiet"
	if err := st.SaveParty(ctx, c.ID, &p); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Party(ctx, c.ID, p.ID); got.Name != "Arbetarepartiet" || got.Seats != 100 {
		t.Errorf("saved %+v", got)
	}
	added := survey.Party{Short: "NY", Name: "Nya partiet", Colour: "#123456", Seats: 1}
	if err := st.SaveParty(ctx, c.ID, &added); err != nil || added.ID == 0 {
		t.Fatalf("add a party: %v (id %d)", err, added.ID)
	}
	if ps, _ := st.Parties(ctx, c.ID); len(ps) != 8 || ps[7].ID != added.ID {
		t.Errorf("an added party goes last: %+v", ps)
	}
	_, err := st.Party(ctx, demo(t, st, "annan").ID, added.ID)
	wantCode(t, "another campaign's party", err, survey.ENOTFOUND)
}

// testPartyLinks: a link opens its party until it ends or is revoked; guesses get the same
// ENOTFOUND; submitted answers lock until reopened, and a form from before the reopening
// is stale.
func testPartyLinks(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c, ps, list := partiesDemo(t, st)
	tok, err := st.CreatePartyLink(ctx, c.ID, ps[0].ID, time.Now().Add(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 22 { // 128 bits in base64url
		t.Fatalf("token %d characters", len(tok))
	}
	if a, err := st.PartyByToken(ctx, tok); err != nil || a.Party.ID != ps[0].ID || a.Slug != "demo" {
		t.Fatalf("%+v %v", a, err)
	}
	for _, guess := range []string{"", "x", tok[:len(tok)-1], tok + "A", tok[:len(tok)-1] + "B", "0000000000000000000000000000000000000000000"} {
		_, err := st.PartyByToken(ctx, guess)
		wantCode(t, "guess "+guess, err, survey.ENOTFOUND)
	}
	ended, err := st.CreatePartyLink(ctx, c.ID, ps[1].ID, time.Now().Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.PartyByToken(ctx, ended)
	wantCode(t, "a link past its end", err, survey.ENOTFOUND)

	other, _ := st.CreatePartyLink(ctx, c.ID, ps[2].ID, time.Now().Add(time.Hour))
	links, _ := st.PartyLinks(ctx, c.ID)
	if len(links) != 3 || links[0].PartyID != ps[2].ID || !links[0].Active(time.Now()) || links[1].Active(time.Now()) {
		t.Fatalf("PartyLinks, newest first: %+v", links)
	}
	wantCode(t, "revoking through another campaign", st.RevokePartyLink(ctx, c.ID+1, links[0].ID), survey.ENOTFOUND)
	if err := st.RevokePartyLink(ctx, c.ID, links[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.PartyByToken(ctx, other)
	wantCode(t, "a revoked link", err, survey.ENOTFOUND)
	if _, err := st.PartyByToken(ctx, tok); err != nil {
		t.Errorf("revoking one link broke another: %v", err)
	}

	pid := ps[0].ID
	if err := st.MarkPartyOpened(ctx, pid); err != nil {
		t.Fatal(err)
	}
	v, err := st.SavePartyAnswers(ctx, pid, 0, answersAll(list, survey.AnswerYes)[:1], false)
	if err != nil || v != 1 {
		t.Fatalf("draft: %d %v", v, err)
	}
	_, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerYes)[:1], true)
	wantCode(t, "an incomplete submission", err, survey.EINVALID)
	if v, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerYes), true); err != nil {
		t.Fatal(err)
	}
	p, _ := st.Party(ctx, c.ID, pid)
	if p.Status.State() != survey.PartySubmitted || p.Status.OpenedAt == nil || p.Status.SubmittedAt == nil {
		t.Fatalf("status %+v", p.Status)
	}
	_, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerNo), false)
	wantKey(t, "changing submitted answers", err, "answers_locked")
	if err := st.ReopenParty(ctx, c.ID, pid); err != nil {
		t.Fatal(err)
	}
	_, err = st.SavePartyAnswers(ctx, pid, v, answersAll(list, survey.AnswerNo), false)
	wantKey(t, "a form from before the reopening", err, "stale_answers")
	if _, err := st.SavePartyAnswers(ctx, pid, v+1, answersAll(list, survey.AnswerNo), false); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	if p, _ = st.Party(ctx, c.ID, pid); p.Status.State() != survey.PartyDraft {
		t.Errorf("state %s", p.Status.State())
	}
	wantCode(t, "reopening another campaign's party", st.ReopenParty(ctx, c.ID+1, pid), survey.ENOTFOUND)
}

// testPartyAnswersRace: of several saves from the same version at once, exactly one wins;
// the others are told their form is stale.
func testPartyAnswersRace(t *testing.T, st survey.Store) {
	ctx := context.Background()
	_, ps, list := partiesDemo(t, st)
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
		} else {
			wantKey(t, "a save that lost", err, "stale_answers")
		}
	}
	if ok != 1 {
		t.Fatalf("%d saves from version 0 succeeded, want exactly 1", ok)
	}
}

// testPartyMatrix: only submitted answers count towards a majority; the list can be
// reordered, shortened and extended after answers but an answered demand keeps its
// wording; follow-ups; publishing.
func testPartyMatrix(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c, ps, list := partiesDemo(t, st)
	if list[0].Picks != 40 || list[1].Share != 0.6 || list[2].Rank != 3 {
		t.Fatalf("figures not kept: %+v", list)
	}
	// Riksdag 349, majority 175. S 107 + V 24 + MP 18 + C 24 = 173 < 175; with KD 19 → 192.
	submit := func(i int, v survey.AnswerValue) {
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
	submit(0, survey.AnswerYes)
	submit(4, survey.AnswerYes)
	submit(7, survey.AnswerYes)
	submit(3, survey.AnswerYes)
	// KD only saves a draft: it must not count.
	if _, err := st.SavePartyAnswers(ctx, ps[5].ID, 0, answersAll(list, survey.AnswerYes), false); err != nil {
		t.Fatal(err)
	}
	ms, err := st.PartyMatrices(ctx, c.ID)
	if err != nil || len(ms) != 1 {
		t.Fatal(len(ms), err)
	}
	m := ms[0]
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
	wantCode(t, "an unknown assessment", st.SetAssessment(ctx, c.ID, ps[3].ID, list[1].ID, "kanske"), survey.EINVALID)
	wantCode(t, "assessing through another campaign", st.SetAssessment(ctx, c.ID+1, ps[3].ID, list[1].ID, survey.AssessUnclear), survey.ENOTFOUND)
	ms, _ = st.PartyMatrices(ctx, c.ID)
	m = ms[0]
	if got := m.Majority[0]; got.Seats != 192 || !got.Has {
		t.Errorf("heltid %+v", got)
	}
	if got := m.Majority[1]; got.Seats != 168 || got.Has {
		t.Errorf("visstid %+v", got)
	}

	wantCode(t, "freezing again after answers", st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: "heltid", Title: "x"}}), survey.ECONFLICT)
	// The parties answered heltid as worded: rewording it now is refused, and nothing of
	// the refused save is kept.
	edited := []survey.ListItem{list[2], list[0], {DemandKey: "fackavdrag", Title: "Fackavdraget"}}
	edited[1].Title = "Rätt till heltid"
	err = st.SaveList(ctx, c, edited)
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
	if a, _ := st.PartyAnswers(ctx, ps[0].ID); len(a) != 2 || a[list[1].ID].Value != "" {
		t.Errorf("answers after dropping visstid: %+v", a)
	}
	unknown := append([]survey.ListItem(nil), got...)
	unknown[0].ID = -1
	wantCode(t, "an item the list does not have", st.SaveList(ctx, c, unknown), survey.EINVALID)

	f := &survey.FollowUp{PartyID: ps[0].ID, ItemID: list[0].ID, Status: survey.FollowUnderway, Day: "2027-03-01", Note: "=HYPERLINK()"}
	if err := st.AddFollowUp(ctx, c.ID, f); err != nil || f.ID == 0 {
		t.Fatalf("add a follow-up: %v (id %d)", err, f.ID)
	}
	g := &survey.FollowUp{PartyID: ps[4].ID, ItemID: list[0].ID, Status: survey.FollowKept, Day: "2027-01-01"}
	if err := st.AddFollowUp(ctx, c.ID, g); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a follow-up through another campaign", st.AddFollowUp(ctx, c.ID+1,
		&survey.FollowUp{PartyID: ps[0].ID, ItemID: list[0].ID, Status: survey.FollowKept, Day: "2027-03-02"}), survey.ENOTFOUND)
	fs, err := st.FollowUps(ctx, c.ID)
	// In the order of the parties (S before V), whatever the days.
	if err != nil || len(fs) != 2 || fs[0].ID != f.ID || fs[0].Note != "=HYPERLINK()" || fs[1].ID != g.ID || fs[1].Status != survey.FollowKept {
		t.Fatalf("FollowUps = %+v, %v", fs, err)
	}
	wantCode(t, "deleting through another campaign", st.DeleteFollowUp(ctx, c.ID+1, f.ID), survey.ENOTFOUND)
	if err := st.DeleteFollowUp(ctx, c.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	if fs, _ := st.FollowUps(ctx, c.ID); len(fs) != 1 || fs[0].ID != g.ID {
		t.Errorf("after deleting: %+v", fs)
	}

	if set, _ := st.PartySettings(ctx, c.ID); set.Published || set.Filter {
		t.Fatal("published by default")
	}
	if err := st.SetPartiesPublished(ctx, c.ID, true, true); err != nil {
		t.Fatal(err)
	}
	if set, _ := st.PartySettings(ctx, c.ID); !set.Published || !set.Filter || set.FrozenAt == nil {
		t.Fatalf("%+v", set)
	}
}

// testSaveParties: the one settings form saves the assembly and every party together, or
// nothing; short names can swap; a party with answers cannot be removed; the deadline
// moves every live link. Before the list is frozen no party can submit.
func testSaveParties(t *testing.T, st survey.Store) {
	ctx := context.Background()
	fresh := demo(t, st, "ofryst")
	if err := st.InitParties(ctx, fresh.ID); err != nil {
		t.Fatal(err)
	}
	early, _ := st.Parties(ctx, fresh.ID)
	_, err := st.SavePartyAnswers(ctx, early[0].ID, 0, nil, true)
	wantKey(t, "submitting before the list is frozen", err, "list_not_frozen")
	if p, _ := st.Party(ctx, fresh.ID, early[0].ID); p.Status.SubmittedAt != nil {
		t.Error("the party is locked out")
	}

	c, ps, list := partiesDemo(t, st)
	set0, _ := st.PartySettings(ctx, c.ID)
	riksdag := set0.Assemblies[0]
	parties := make([]survey.Party, len(ps))
	for i, p := range ps {
		parties[i] = p.Party
	}
	parties[0].Short, parties[1].Short = parties[1].Short, parties[0].Short
	parties[2].Seats = 500
	wantCode(t, "seats over the total", st.SaveParties(ctx, c.ID, riksdag, parties, nil), survey.EINVALID)
	if got, _ := st.Parties(ctx, c.ID); got[0].Short != "S" {
		t.Fatalf("a refused save changed %+v", got[0])
	}
	parties[2].Seats = 73
	if err := st.SaveParties(ctx, c.ID, riksdag, parties, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Parties(ctx, c.ID); got[0].Short != "M" || got[1].Short != "S" {
		t.Fatalf("swap: %+v %+v", got[0], got[1])
	}
	if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, answersAll(list, survey.AnswerYes), false); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "removing a party with answers", st.SaveParties(ctx, c.ID, riksdag, parties[1:], []int64{ps[0].ID}), survey.ECONFLICT)
	wantCode(t, "deleting a party with answers", st.DeleteParty(ctx, c.ID, ps[0].ID), survey.ECONFLICT)
	// Removing one party and adding another in the same save.
	kept := append([]survey.Party(nil), parties[:7]...)
	kept = append(kept, survey.Party{Short: "NY", Name: "Nya partiet", Colour: "#123456", Seats: 1})
	if err := st.SaveParties(ctx, c.ID, riksdag, kept, []int64{ps[7].ID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Parties(ctx, c.ID); len(got) != 8 || got[6].Short != "L" || got[7].Short != "NY" {
		t.Fatalf("after removing MP and adding NY: %+v", got)
	}

	if _, err := st.CreatePartyLink(ctx, c.ID, ps[1].ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a deadline that is not a day", st.SetPartyDeadline(ctx, c.ID, "1 maj", time.Now()), survey.EINVALID)
	end := time.Date(2031, 5, 2, 0, 0, 0, 0, time.UTC)
	if err := st.SetPartyDeadline(ctx, c.ID, "2031-05-01", end); err != nil {
		t.Fatal(err)
	}
	set, _ := st.PartySettings(ctx, c.ID)
	links, _ := st.PartyLinks(ctx, c.ID)
	if set.Deadline != "2031-05-01" || len(links) != 1 || !links[0].ExpiresAt.Equal(end) {
		t.Fatalf("%+v %+v", set, links)
	}
}

// testCopyParties: a campaign copied for the next election gets the assembly and the
// parties of the one before, without answers, links or refusals, and points back to it;
// a campaign whose party pages were never opened gives the default parties.
func testCopyParties(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c, ps, list := partiesDemo(t, st)
	set0, _ := st.PartySettings(ctx, c.ID)
	kommun := set0.Assemblies[0]
	kommun.Name, kommun.Level, kommun.Seats = "Kommunfullmäktige i Huddinge", survey.LevelKommun, 101
	parties := []survey.Party{ps[0].Party, ps[1].Party}
	parties[0].Seats, parties[1].Seats, parties[1].Refused = 40, 30, true
	drop := make([]int64, 0, len(ps)-2)
	for _, p := range ps[2:] {
		drop = append(drop, p.ID)
	}
	if err := st.SaveParties(ctx, c.ID, kommun, parties, drop); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, answersAll(list, survey.AnswerYes), true); err != nil {
		t.Fatal(err)
	}
	next := demo(t, st, "nasta")
	if err := st.CopyParties(ctx, c.ID, next.ID); err != nil {
		t.Fatal(err)
	}
	got, err := st.Parties(ctx, next.ID)
	if err != nil || len(got) != 2 || got[0].Short != ps[0].Short || got[0].Seats != 40 || got[1].Seats != 30 || got[1].Refused {
		t.Fatalf("copied parties %+v, %v", got, err)
	}
	if got[0].Status.SavedAt != nil || got[0].Status.Version != 0 {
		t.Errorf("answers were copied: %+v", got[0].Status)
	}
	set, err := st.PartySettings(ctx, next.ID)
	if err != nil || len(set.Assemblies) != 1 || set.Assemblies[0].Level != kommun.Level || set.Assemblies[0].Seats != kommun.Seats ||
		set.Assemblies[0].Name != kommun.Name || set.Assemblies[0].ID == kommun.ID || set.Previous != c.ID || set.PreviousSlug != "demo" || set.FrozenAt != nil || set.Published {
		t.Errorf("copied settings %+v, %v", set, err)
	}
	if items, _ := st.PartyList(ctx, next.ID); len(items) != 0 {
		t.Errorf("the list was copied: %+v", items)
	}
	if err := st.InitParties(ctx, next.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.Parties(ctx, next.ID); len(again) != 2 {
		t.Errorf("InitParties after copying added parties: %d", len(again))
	}

	// From a campaign whose party pages were never opened.
	bare, third := demo(t, st, "orord"), demo(t, st, "tredje")
	if err := st.CopyParties(ctx, bare.ID, third.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Parties(ctx, third.ID); len(got) != len(survey.DefaultParties()) {
		t.Errorf("copied from an unopened campaign: %d parties", len(got))
	}
	if set, _ := st.PartySettings(ctx, third.ID); set.Previous != bare.ID {
		t.Errorf("previous campaign %d, want %d", set.Previous, bare.ID)
	}
}

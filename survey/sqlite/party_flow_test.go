package sqlite

import (
	"context"
	"testing"
	"time"

	"kravlistan/survey"
)

// TestPartyFlowBeforeFreeze: before the list is frozen no answer link can be made and no
// party can submit (an empty form would lock it out).
func TestPartyFlowBeforeFreeze(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c := mustDemo(t, st)
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	ps, _ := st.Parties(ctx, c.ID)
	if _, err := st.CreatePartyLink(ctx, c.ID, ps[0].ID, time.Now().Add(time.Hour)); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("link before freezing: %v", err)
	}
	if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, nil, true); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("submitting an empty list: %v", err)
	}
	if p, _ := st.Party(ctx, c.ID, ps[0].ID); p.Status.SubmittedAt != nil {
		t.Error("the party is locked")
	}
}

// TestSaveParties: the one settings form saves the assembly and every party together, or
// nothing; short names can swap; a party with answers cannot be removed; the deadline
// moves every live link.
func TestSaveParties(t *testing.T) {
	st := mustOpenStore(t)
	ctx := context.Background()
	c, ps, list := mustParties(t, st)
	parties := make([]survey.Party, len(ps))
	for i, p := range ps {
		parties[i] = p.Party
	}
	parties[0].Short, parties[1].Short = parties[1].Short, parties[0].Short
	parties[2].Seats = 500
	if err := st.SaveParties(ctx, c.ID, survey.Assembly{Kind: survey.AssemblyRiksdag, Seats: 349}, parties, nil); survey.ErrorCode(err) != survey.EINVALID {
		t.Fatalf("seats over the total: %v", err)
	}
	if got, _ := st.Parties(ctx, c.ID); got[0].Short != "S" {
		t.Fatalf("a refused save changed %+v", got[0])
	}
	parties[2].Seats = 73
	if err := st.SaveParties(ctx, c.ID, survey.Assembly{Kind: survey.AssemblyRiksdag, Seats: 349}, parties, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Parties(ctx, c.ID); got[0].Short != "M" || got[1].Short != "S" {
		t.Fatalf("swap: %+v %+v", got[0], got[1])
	}
	if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, answersAll(list, survey.AnswerYes), false); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveParties(ctx, c.ID, survey.Assembly{Kind: survey.AssemblyRiksdag, Seats: 349}, parties[1:], []int64{ps[0].ID}); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("removing a party with answers: %v", err)
	}
	if _, err := st.CreatePartyLink(ctx, c.ID, ps[1].ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
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

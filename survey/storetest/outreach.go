package storetest

import (
	"context"
	"testing"

	"kravlistan/survey"
)

// testVisits: the visit log: add, list newest first, read, change and delete, each only
// within its own campaign.
func testVisits(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	other := demo(t, st, "annan")
	wp := c.Workplaces[0].Code
	a := &survey.Visit{Workplace: wp, Day: "2026-03-02", Kind: survey.VisitMeeting, Note: "<b>APT</b> – 30 pers.", Who: "Anna"}
	b := &survey.Visit{Workplace: wp, Day: "2026-03-05", Kind: survey.VisitLeaflet}
	for _, v := range []*survey.Visit{a, b} {
		if err := st.AddVisit(ctx, c.ID, v); err != nil || v.ID == 0 {
			t.Fatalf("add: %v (id %d)", err, v.ID)
		}
	}
	vs, err := st.Visits(ctx, c.ID)
	if err != nil || len(vs) != 2 || vs[0].ID != b.ID || vs[1] != *a {
		t.Fatalf("visits %+v %v", vs, err)
	}
	if vs, _ := st.Visits(ctx, other.ID); len(vs) != 0 {
		t.Errorf("the other campaign sees %d visits", len(vs))
	}
	a.Note, a.Kind = "Ändrad", survey.VisitTalk
	if err := st.SaveVisit(ctx, c.ID, a); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Visit(ctx, c.ID, a.ID); err != nil || got != *a {
		t.Errorf("after save %+v %v", got, err)
	}
	// Another campaign's id reaches nothing.
	_, err = st.Visit(ctx, other.ID, a.ID)
	wantCode(t, "read through another campaign", err, survey.ENOTFOUND)
	wantCode(t, "save through another campaign", st.SaveVisit(ctx, other.ID, a), survey.ENOTFOUND)
	wantCode(t, "delete through another campaign", st.DeleteVisit(ctx, other.ID, a.ID), survey.ENOTFOUND)
	if err := st.DeleteVisit(ctx, c.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if vs, _ := st.Visits(ctx, c.ID); len(vs) != 1 || vs[0].ID != b.ID {
		t.Errorf("after delete %+v", vs)
	}
	wantCode(t, "delete twice", st.DeleteVisit(ctx, c.ID, a.ID), survey.ENOTFOUND)
}

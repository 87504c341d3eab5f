package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"kravlistan/survey"
)

// TestPaperBatchCounted: counting a pile stores its ballots all or none, in one
// transaction, in the order of their random ids; a used code names its ballot and stores
// nothing.
func TestPaperBatchCounted(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	c := demoCampaign(t, st, "demo")
	b := &survey.PaperBatch{Workplace: "sjukhuset", Channel: survey.ChannelPaper, Cover: 12, Day: "2026-03-02"}
	if err := st.CreatePaperBatch(ctx, c.ID, b); err != nil {
		t.Fatal(err)
	}
	_, codes, err := st.IssueCodes(ctx, c.ID, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	used := ballot("heltid")
	used.Code = codes[2]
	if _, err := st.Submit(ctx, c.ID, used); err != nil {
		t.Fatal(err)
	}
	var pile []*survey.Response
	for i := range 12 {
		r := ballot(c.Demands[i%len(c.Demands)].Key)
		r.Channel, r.Day, r.Workplace = survey.ChannelPaper, b.Day, b.Workplace
		pile = append(pile, r)
	}
	pile[1].Code = codes[0]
	pile[3].Code = codes[2] // used already
	err = st.CommitPaperBatch(ctx, c.ID, b.ID, pile)
	var e *survey.Error
	if !asError(err, &e) || e != nil && (len(e.Fields) != 1 || e.Fields[0].Field != "ballot[3]") {
		t.Fatalf("a used code on ballot 3: %v", err)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != 1 {
		t.Fatalf("%d answers after a refused pile, want 1", n)
	}
	if cs, _, _ := st.CodeCounts(ctx, c.ID); cs.Used != 1 {
		t.Fatalf("%d codes used after a refused pile, want 1", cs.Used)
	}
	pile[3].Code = ""
	if err := st.CommitPaperBatch(ctx, c.ID, b.ID, pile); err != nil {
		t.Fatal(err)
	}
	if err := st.CommitPaperBatch(ctx, c.ID, b.ID, pile); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("committing a pile twice: %v", err)
	}
	got, err := st.PaperBatch(ctx, c.ID, b.ID)
	if err != nil || !got.Committed || got.Stored != len(pile) {
		t.Fatalf("batch after commit: %+v %v", got, err)
	}
	var ids []uuid.UUID
	for _, r := range pile {
		ids = append(ids, r.ID)
		stored, err := st.Response(ctx, r.ID)
		if err != nil || !stored.SameContent(r) || stored.Channel != survey.ChannelPaper {
			t.Fatalf("ballot %s: %+v %v", r.ID, stored, err)
		}
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	heap, _ := physicalOrder(t, st, c.ID)
	heap = slices.DeleteFunc(heap, func(id uuid.UUID) bool { return id == used.ID })
	if !slices.Equal(heap, ids) {
		t.Error("the pile is not stored in the order of its ids")
	}
	var xmins int
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(DISTINCT xmin::text) FROM responses WHERE id = ANY($1)`, ids).Scan(&xmins); err != nil || xmins != 1 {
		t.Errorf("the pile was stored by %d transactions (%v), want 1", xmins, err)
	}
	checkTally(t, st, c)
}

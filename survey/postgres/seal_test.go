package postgres

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
)

// physicalOrder returns the ids of a campaign's responses in the order of the heap
// (ctid), and how many different transactions (xmin) wrote them: what a reader of the
// table sees beyond the columns.
func physicalOrder(t *testing.T, st *Store, campaignID int64) ([]uuid.UUID, int) {
	t.Helper()
	ctx := context.Background()
	rows, err := st.pool.Query(ctx, `SELECT id FROM responses WHERE campaign_id = $1 ORDER BY ctid`, campaignID)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		t.Fatal(err)
	}
	var xmins int
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(DISTINCT xmin::text) FROM responses WHERE campaign_id = $1`, campaignID).Scan(&xmins); err != nil {
		t.Fatal(err)
	}
	return ids, xmins
}

// TestSealClosedCampaign: answers stored one at a time lie in the heap in arrival order,
// each with its own transaction id; once the campaign is closed and sealed, the heap holds
// them in the order of their random ids, all written by one transaction, with the same
// content, counts and tally, and the used codes are rewritten likewise.
func TestSealClosedCampaign(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	c := demoCampaign(t, st, "demo")
	other := demoCampaign(t, st, "other")
	_, codes, err := st.IssueCodes(ctx, c.ID, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	var arrival []uuid.UUID
	for i := range 23 {
		r := ballot("heltid")
		if i < len(codes) {
			r.Code = codes[i]
		}
		if o, err := st.Submit(ctx, c.ID, r); err != nil || o != Created {
			t.Fatalf("submit: %v %v", o, err)
		}
		arrival = append(arrival, r.ID)
		if _, err := st.Submit(ctx, other.ID, ballot("heltid")); err != nil {
			t.Fatal(err)
		}
	}
	byID := slices.Clone(arrival)
	slices.SortFunc(byID, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	heap, xmins := physicalOrder(t, st, c.ID)
	if !slices.Equal(heap, arrival) || xmins != len(arrival) {
		t.Fatalf("before sealing: the heap should hold the arrival order (%d transactions); test premise broken", xmins)
	}
	if n := st.sealClosed(ctx); n != 0 {
		t.Fatalf("sealed %d campaigns while both are open", n)
	}

	closed := c.Clone()
	closed.State = survey.StateClosed
	if err := st.SaveCampaign(ctx, closed, "ada", ""); err != nil {
		t.Fatal(err)
	}
	if n := st.sealClosed(ctx); n != 1 {
		t.Fatalf("sealed %d campaigns, want 1", n)
	}
	heap, xmins = physicalOrder(t, st, c.ID)
	if !slices.Equal(heap, byID) || xmins != 1 {
		t.Fatalf("after sealing: heap in id order %v, %d transactions; want id order and 1", slices.Equal(heap, byID), xmins)
	}
	var codeXmins, pending int
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(DISTINCT xmin::text), (SELECT COUNT(*) FROM pending WHERE campaign_id = $1)
		FROM codes WHERE campaign_id = $1`, c.ID).Scan(&codeXmins, &pending); err != nil {
		t.Fatal(err)
	}
	if codeXmins != 1 || pending != 0 {
		t.Errorf("codes written by %d transactions, %d pending; want 1 and 0", codeXmins, pending)
	}
	if n, _ := st.ResponseCount(ctx, c.ID); n != len(arrival) {
		t.Errorf("%d responses after sealing", n)
	}
	cc, _ := st.Campaign(ctx, "demo")
	checkTally(t, st, cc)
	if cs, _, _ := st.CodeCounts(ctx, c.ID); cs.Used != len(codes) || cs.Issued != len(codes) {
		t.Errorf("codes after sealing: %+v", cs)
	}
	// The other campaign, still open, is untouched; sealing again does nothing.
	if _, xmins := physicalOrder(t, st, other.ID); xmins != len(arrival) {
		t.Errorf("the open campaign was rewritten (%d transactions)", xmins)
	}
	if n := st.sealClosed(ctx); n != 0 {
		t.Errorf("sealed %d campaigns again", n)
	}
	// A late answer (a paper pile counted after closing) is sealed in at the next sweep.
	if _, err := st.Submit(ctx, c.ID, ballot("heltid")); err != nil {
		t.Fatal(err)
	}
	if n := st.sealClosed(ctx); n != 1 {
		t.Fatalf("after a late answer: sealed %d, want 1", n)
	}
	if _, xmins := physicalOrder(t, st, c.ID); xmins != 1 {
		t.Errorf("after resealing: %d transactions", xmins)
	}
}

// TestBlurCodes: while a campaign is open, each used code's row carries the transaction id
// of the answer that used it; after the sweep's blurCodes all used codes of the campaign
// share one, and claims work as before.
func TestBlurCodes(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	c := demoCampaign(t, st, "demo")
	_, codes, err := st.IssueCodes(ctx, c.ID, "", 4)
	if err != nil {
		t.Fatal(err)
	}
	var answers []*survey.Response
	for _, code := range codes[:3] {
		r := ballot("heltid")
		r.Code = code
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
		answers = append(answers, r)
	}
	linked := func() int {
		var n int
		if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FROM codes k JOIN responses r ON r.xmin = k.xmin
			WHERE k.campaign_id = $1 AND k.used`, c.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := linked(); n != 3 {
		t.Fatalf("before blurring: %d used codes share their answer's transaction; test premise broken", n)
	}
	if n := st.blurCodes(ctx); n != 1 {
		t.Fatalf("blurred %d campaigns, want 1", n)
	}
	if n := linked(); n != 0 {
		t.Errorf("after blurring: %d used codes still share their answer's transaction", n)
	}
	if n := st.blurCodes(ctx); n != 0 {
		t.Errorf("blurred %d campaigns again", n)
	}
	again := *answers[0]
	if o, err := st.Submit(ctx, c.ID, &again); err != nil || o != Replayed {
		t.Errorf("a replay after blurring: %v %v", o, err)
	}
	other := ballot("visstid")
	other.Code = codes[1]
	if _, err := st.Submit(ctx, c.ID, other); err != survey.ErrCodeUsed {
		t.Errorf("a used code after blurring: %v", err)
	}
	last := ballot("visstid")
	last.Code = codes[3]
	if o, err := st.Submit(ctx, c.ID, last); err != nil || o != Created {
		t.Errorf("an unused code after blurring: %v %v", o, err)
	}
}

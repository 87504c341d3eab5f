package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"kravlistan/survey"
)

// TestCampaignChangesNotify: every change of a campaign's row (creating it included: a
// missing slug is cached too) notifies the instances, with the slug, once committed; a
// refused change notifies nobody.
func TestCampaignChangesNotify(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, st.pool.Config().ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `LISTEN `+notifyChannel); err != nil {
		t.Fatal(err)
	}
	next := func(what string) string {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		n, err := conn.WaitForNotification(wctx)
		if err != nil {
			t.Fatalf("%s: no notification: %v", what, err)
		}
		return n.Payload
	}
	none := func(what string) {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if n, err := conn.WaitForNotification(wctx); err == nil {
			t.Errorf("%s: notified %q", what, n.Payload)
		}
	}

	c := demoCampaign(t, st, "demo")
	if got := next("CreateCampaign"); got != "demo" {
		t.Errorf("CreateCampaign notified %q", got)
	}
	by := survey.Demo()
	by.Slug = "annan"
	if err := st.CreateCampaignBy(ctx, by, 0); err != nil {
		t.Fatal(err)
	}
	if got := next("CreateCampaignBy"); got != "annan" {
		t.Errorf("CreateCampaignBy notified %q", got)
	}
	if err := st.CreateCampaign(ctx, survey.Demo()); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("slug clash: %v", err)
	}
	none("a refused create")

	edited := c.Clone()
	edited.Title = "Ny titel"
	steps := []struct {
		name string
		do   func() error
	}{
		{"SaveCampaign", func() error { return st.SaveCampaign(ctx, edited, "ada", "") }},
		{"SetPublished", func() error { return st.SetPublished(ctx, "demo", true) }},
		{"SetArchived", func() error { return st.SetArchived(ctx, "demo", true) }},
		{"SetState", func() error { return st.SetState(ctx, "demo", survey.StateClosed) }},
	}
	// Setting proposals aside and back changes what the demands are built on.
	p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Title: "Heltid", Day: "2026-03-01"}
	if _, err := st.SubmitProposal(ctx, c.ID, p); err != nil {
		t.Fatal(err)
	}
	steps = append(steps,
		struct {
			name string
			do   func() error
		}{"SetProposalsAside", func() error { return st.SetProposalsAside(ctx, c.ID, []uuid.UUID{p.ID}, "finns redan") }},
		struct {
			name string
			do   func() error
		}{"ReturnProposals", func() error { return st.ReturnProposals(ctx, c.ID, []uuid.UUID{p.ID}) }})
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := next(s.name); got != "demo" {
			t.Errorf("%s notified %q", s.name, got)
		}
	}
	bad := edited.Clone()
	bad.Demands[0].Title = ""
	if err := st.SaveCampaign(ctx, bad, "ada", ""); survey.ErrorCode(err) != survey.EINVALID {
		t.Fatalf("invalid save: %v", err)
	}
	if err := st.SetPublished(ctx, "finns-inte", true); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("unknown slug: %v", err)
	}
	none("refused changes")
}

// TestTwoInstancesSaveInTurn: saves of one campaign through two instances at once all
// land, one after the other (the row lock), none lost: the version counts every one.
func TestTwoInstancesSaveInTurn(t *testing.T) {
	sts := instances(t, 2)
	st1, st2 := sts[0], sts[1]
	ctx := context.Background()
	c := demoCampaign(t, st1, "demo")
	const each = 5
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for i, st := range []*Store{st1, st2} {
		for j := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := c.Clone()
				e.Title = "Titel " + string(rune('A'+i)) + string(rune('0'+j))
				errs <- st.SaveCampaign(ctx, e, "ada", "")
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	var version int
	if err := st1.pool.QueryRow(ctx, `SELECT version FROM campaigns WHERE slug = 'demo'`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != 1+2*each {
		t.Errorf("version %d after %d saves, want %d", version, 2*each, 1+2*each)
	}
}

// TestEditShowsOnOtherInstance: an instance that has the campaign cached (or knows it
// does not exist) sees a change made through another within a second.
func TestEditShowsOnOtherInstance(t *testing.T) {
	sts := instances(t, 2)
	st1, st2 := sts[0], sts[1]
	ctx := context.Background()
	if _, err := st2.Campaign(ctx, "demo"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("before: %v", err)
	}
	c := demoCampaign(t, st1, "demo")
	if !waitFor(time.Second, func() bool { _, err := st2.Campaign(ctx, "demo"); return err == nil }) {
		t.Fatal("a campaign created on one instance is missing on the other a second later")
	}
	edited := c.Clone()
	edited.Title = "Ny titel"
	if err := st1.SaveCampaign(ctx, edited, "ada", ""); err != nil {
		t.Fatal(err)
	}
	if !waitFor(time.Second, func() bool { got, _ := st2.Campaign(ctx, "demo"); return got != nil && got.Title == "Ny titel" }) {
		t.Fatal("a saved title is not on the other instance a second later")
	}
	if err := st2.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	if !waitFor(time.Second, func() bool { got, _ := st1.Campaign(ctx, "demo"); return got != nil && got.Published }) {
		t.Fatal("publishing is not on the other instance a second later")
	}
}

// TestCampaignKeepsItsTally: a new campaign has its tally, and a save that changes what
// the tally counts by (a demand added) leaves one that fits, in the same transaction.
func TestCampaignKeepsItsTally(t *testing.T) {
	st := testStore(t)
	ctx := context.Background()
	c := demoCampaign(t, st, "demo")
	fits := func(c *survey.Campaign) bool {
		t.Helper()
		var b []byte
		if err := st.pool.QueryRow(ctx, `SELECT data FROM tallies WHERE campaign_id = $1`, c.ID).Scan(&b); err != nil {
			t.Fatalf("tally of %s: %v", c.Slug, err)
		}
		tally, err := st.tallier.DecodeTally(b)
		return err == nil && tally.Fits(c)
	}
	if !fits(c) {
		t.Fatal("a new campaign's tally does not fit it")
	}
	more := c.Clone()
	more.Demands = append(more.Demands, survey.Demand{Key: "ny", Area: c.Demands[0].Area, Title: "Ett nytt krav"})
	if fits(more) {
		t.Fatal("the tally fits a campaign with another demand: the test proves nothing")
	}
	if err := st.SaveCampaign(ctx, more, "ada", ""); err != nil {
		t.Fatal(err)
	}
	saved, err := st.CampaignDoc(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if !fits(saved) {
		t.Error("after the save the tally does not fit the campaign")
	}
}

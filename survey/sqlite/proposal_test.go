package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"kravlistan/survey"

	"github.com/google/uuid"
)

func proposal(title, workplace string, members int) *survey.Proposal {
	return &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Area: "Trygga anställningar", Title: title,
		Workplace: workplace, MeetingMembers: members, Day: "2026-03-02", Status: survey.ProposalNew}
}

func TestProposalsStore(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	wp := c.Workplaces[0].Code
	p1, p2, p3 := proposal("Heltid som norm", wp, 12), proposal("Rätt till heltid", wp, 0), proposal("Heltid åt alla", "", 30)
	for _, p := range []*survey.Proposal{p1, p2, p3} {
		if out, err := st.SubmitProposal(ctx, c.ID, p); err != nil || out != Created {
			t.Fatalf("submit: %v %v", out, err)
		}
	}
	t.Run("Replay", func(t *testing.T) {
		again := *p1
		if out, err := st.SubmitProposal(ctx, c.ID, &again); err != nil || out != Replayed {
			t.Fatalf("replay: %v %v", out, err)
		}
		again.Title = "Något annat"
		if _, err := st.SubmitProposal(ctx, c.ID, &again); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("conflict: %v", err)
		}
	})
	t.Run("MergeIntoNewDemand", func(t *testing.T) {
		cc := c.Clone()
		cc.Demands = append(cc.Demands, survey.Demand{Key: "heltid-norm", Area: "Trygga anställningar", Title: "Heltid som norm överallt"})
		if err := st.MergeProposals(ctx, cc, []uuid.UUID{p1.ID, p2.ID, p3.ID}, "heltid-norm", "anna", ""); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Campaign(ctx, c.Slug)
		if _, ok := got.Demand("heltid-norm"); !ok {
			t.Fatal("new demand not saved")
		}
		pv, err := st.Provenance(ctx, c.ID)
		if err != nil || pv["heltid-norm"] != (survey.Provenance{Proposals: 3, Workplaces: 1, MeetingMembers: 42}) {
			t.Fatalf("provenance %+v %v", pv, err)
		}
	})
	t.Run("MoveAndUndo", func(t *testing.T) {
		cc, _ := st.Campaign(ctx, c.Slug)
		cc = cc.Clone()
		if err := st.MergeProposals(ctx, cc, []uuid.UUID{p3.ID}, "heltid", "anna", ""); err != nil {
			t.Fatal(err)
		}
		pv, _ := st.Provenance(ctx, c.ID)
		if pv["heltid-norm"].Proposals != 2 || pv["heltid"] != (survey.Provenance{Proposals: 1, MeetingMembers: 30}) {
			t.Fatalf("after move %+v", pv)
		}
		if err := st.ReturnProposals(ctx, c.ID, []uuid.UUID{p3.ID}); err != nil {
			t.Fatal(err)
		}
		pv, _ = st.Provenance(ctx, c.ID)
		if _, ok := pv["heltid"]; ok || pv["heltid-norm"].Proposals != 2 {
			t.Fatalf("after undo %+v", pv)
		}
	})
	t.Run("Aside", func(t *testing.T) {
		if err := st.SetProposalsAside(ctx, c.ID, []uuid.UUID{p3.ID}, ""); survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("no reason: %v", err)
		}
		if err := st.SetProposalsAside(ctx, c.ID, []uuid.UUID{p3.ID}, "Statligt beslut, inte regionalt"); err != nil {
			t.Fatal(err)
		}
		ps, _ := st.Proposals(ctx, c.ID)
		for _, p := range ps {
			if p.ID == p3.ID && (p.Status != survey.ProposalAside || p.Reason != "Statligt beslut, inte regionalt") {
				t.Errorf("%+v", p)
			}
		}
	})
	t.Run("CopyToNextCampaign", func(t *testing.T) {
		next := survey.Demo()
		next.Slug = "nasta"
		if err := st.CreateCampaign(ctx, next); err != nil {
			t.Fatal(err)
		}
		extra := proposal("Gratis busskort", "", 0)
		if _, err := st.SubmitProposal(ctx, c.ID, extra); err != nil {
			t.Fatal(err)
		}
		n, err := st.CopyProposals(ctx, c.ID, next.ID)
		if err != nil || n != 1 {
			t.Fatalf("copied %d: %v", n, err)
		}
		got, _ := st.Proposals(ctx, next.ID)
		if len(got) != 1 || got[0].Title != "Gratis busskort" || got[0].ID == extra.ID || got[0].Status != survey.ProposalNew {
			t.Errorf("%+v", got)
		}
	})
	t.Run("ErrOtherCampaignsProposal", func(t *testing.T) {
		other := survey.Demo()
		other.Slug = "annan"
		if err := st.CreateCampaign(ctx, other); err != nil {
			t.Fatal(err)
		}
		err := st.ReturnProposals(ctx, other.ID, []uuid.UUID{p1.ID})
		if survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
		// A failed merge changes nothing: neither the demand nor any proposal.
		oc, _ := st.Campaign(ctx, other.Slug)
		oc = oc.Clone()
		oc.Demands = append(oc.Demands, survey.Demand{Key: "ny", Title: "Ny"})
		if err := st.MergeProposals(ctx, oc, []uuid.UUID{p1.ID}, "ny", "anna", ""); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Fatalf("got %v", err)
		}
		if got, _ := st.Campaign(ctx, other.Slug); len(got.Demands) != len(other.Demands) {
			t.Error("the demand of a failed merge was saved")
		}
	})
}

func TestBallotProposalsJoinInbox(t *testing.T) {
	ctx := context.Background()
	st := mustOpenStore(t)
	c := mustDemo(t, st)
	r := ballot("heltid")
	r.Proposal = "Gratis busskort för alla under 20"
	r.Workplace = c.Workplaces[0].Code
	if _, err := st.Submit(ctx, c.ID, r); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(ctx, c.ID, ballot("heltid")); err != nil {
		t.Fatal(err)
	}
	// A replay of the same ballot adds nothing.
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != Replayed {
		t.Fatal(out, err)
	}
	ps, err := st.Proposals(ctx, c.ID)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%+v %v", ps, err)
	}
	p := ps[0]
	if p.Source != survey.SourceBallot || p.Title != r.Proposal || p.ID == r.ID || p.Workplace != r.Workplace || p.Status != survey.ProposalNew {
		t.Errorf("%+v", p)
	}
}

func TestMigrateBallotProposals(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openTo(ctx, path, 16, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	if err := old.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	long := "Första raden\nAndra raden med mer text"
	for _, text := range []string{"", "  Gratis busskort  ", long} {
		r := ballot("heltid")
		r.Proposal = text
		if _, err := old.w.Exec(`INSERT INTO responses (campaign_id, id, channel, day, ranking, proposal, rkey) VALUES (?, ?, 'web', '2026-01-02', 'heltid', ?, 1)`,
			c.ID, r.ID.String(), text); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ps, err := st.Proposals(ctx, c.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("%+v %v", ps, err)
	}
	titles := map[string]string{}
	for _, p := range ps {
		titles[p.Title] = p.Body
		if !survey.RandomID(p.ID) || p.Source != survey.SourceBallot || p.Day != "2026-01-02" {
			t.Errorf("%+v", p)
		}
	}
	if b, ok := titles["Gratis busskort"]; !ok || b != "" {
		t.Errorf("short: %q", titles)
	}
	if b, ok := titles["Första raden"]; !ok || b != long {
		t.Errorf("long: %q", titles)
	}
}

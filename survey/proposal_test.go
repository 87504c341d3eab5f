package survey

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

func intakeCampaign() *Campaign {
	c := &Campaign{Slug: "valet", Title: "Valet", State: StateIntake,
		Demands: []Demand{{Key: "a", Area: "Arbete", Title: "A"}, {Key: "b", Area: "Välfärd", Title: "B"},
			{Key: "c", Area: "Dolt", Title: "C", Hidden: true}},
		Questions:  []Question{{Key: "forbund", Label: "Förbund", Options: []Option{{Key: "kommunal", Label: "Kommunal"}}}},
		Workplaces: []Workplace{{Code: "sjukhuset", Name: "Sjukhuset"}}}
	c.ApplyDefaults()
	return c
}

func TestProposalValidate(t *testing.T) {
	c := intakeCampaign()
	if got := strings.Join(c.ProposalAreas(), ","); got != "Arbete,Välfärd" {
		t.Errorf("areas %q, want the visible ones", got)
	}
	ok := func() *Proposal {
		return &Proposal{ID: uuid.New(), Area: "Arbete", Title: "Heltid som norm", Body: "Alla ska få heltid.", MeetingMembers: 12,
			Workplace: "sjukhuset", Background: map[string]string{"forbund": "kommunal"}}
	}
	for _, tc := range []struct {
		name, field, code string
		edit              func(p *Proposal)
	}{
		{"Valid", "", "", func(p *Proposal) {}},
		{"ValidOther", "", "", func(p *Proposal) { p.Area = ""; p.MeetingMembers = 0; p.Workplace = "" }},
		{"ErrUnknownArea", "area", "unknown_area", func(p *Proposal) { p.Area = "Dolt" }},
		{"ErrNoTitle", "title", "proposal_title_required", func(p *Proposal) { p.Title = "" }},
		{"ErrTitleLong", "title", "too_long", func(p *Proposal) { p.Title = strings.Repeat("x", MaxProposalTitle+1) }},
		{"ErrTitleLineBreak", "title", "line_break", func(p *Proposal) { p.Title = "a\nb" }},
		{"ErrBodyLong", "body", "too_long", func(p *Proposal) { p.Body = strings.Repeat("x", MaxProposalBody+1) }},
		{"ErrMeetingOfOne", "meeting_members", "bad_range", func(p *Proposal) { p.MeetingMembers = 1 }},
		{"ErrMeetingHuge", "meeting_members", "bad_range", func(p *Proposal) { p.MeetingMembers = MaxMeetingMembers + 1 }},
		{"ErrBackground", "background.forbund", "unknown_option", func(p *Proposal) { p.Background["forbund"] = "x" }},
		{"ErrTimeID", "id", "bad_uuid_version", func(p *Proposal) { p.ID = uuid.Must(uuid.NewV7()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.edit(p)
			err := p.Validate(c)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			fe := FieldErrors(err)
			if len(fe) != 1 || fe[0].Field != tc.field || fe[0].Code != tc.code {
				t.Fatalf("got %v, want %s %s", err, tc.field, tc.code)
			}
		})
	}
	p := ok()
	p.Workplace = "nope"
	if ErrorCode(p.Validate(c)) != ENOTFOUND {
		t.Errorf("unknown workplace: %v", p.Validate(c))
	}
}

func TestDecodeProposal(t *testing.T) {
	p, err := DecodeProposal([]byte(`{"title":"  Heltid som norm ","area":"Arbete","meeting_members":5}`))
	if err != nil || p.Title != "Heltid som norm" || p.ID == uuid.Nil || p.MeetingMembers != 5 || p.Status != ProposalNew {
		t.Fatalf("%+v %v", p, err)
	}
	if _, err := DecodeProposal([]byte(`{"title":"x","meeting_members":"fem"}`)); FieldErrors(err)[0].Field != "meeting_members" {
		t.Errorf("wrong type: %v", err)
	}
	if _, err := DecodeProposal([]byte(`{"title":"x","when":"now"}`)); FieldErrors(err)[0].Field != "when" {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := DecodeProposal([]byte(`{"title":`)); !IsSyntax(err) {
		t.Errorf("syntax: %v", err)
	}
}

func TestCheckIntake(t *testing.T) {
	for _, s := range []State{StateDraft, StateOpen, StateClosed} {
		if err := (&Campaign{State: s}).CheckIntake(); ErrorCode(err) != ENOTOPEN {
			t.Errorf("%s: %v", s, err)
		}
	}
	if err := (&Campaign{State: StateIntake}).CheckIntake(); err != nil {
		t.Error(err)
	}
}

func TestBallotProposal(t *testing.T) {
	r := &Response{ID: uuid.New(), Workplace: "sjukhuset", Day: "2026-05-01", Proposal: "Gratis busskort\nför alla under 20"}
	p := BallotProposal(r)
	if p.ID == r.ID || p.Title != "Gratis busskort" || p.Body != r.Proposal || p.Source != SourceBallot || p.Workplace != "sjukhuset" {
		t.Errorf("%+v", p)
	}
	r.Proposal = strings.Repeat("ord ", 100)
	if p := BallotProposal(r); len([]rune(p.Title)) > 120 || p.Body == "" {
		t.Errorf("long: %q", p.Title)
	}
}

func TestProvenanceOf(t *testing.T) {
	ps := []Proposal{
		{Status: ProposalMerged, Demand: "a", Workplace: "x", MeetingMembers: 10},
		{Status: ProposalMerged, Demand: "a", Workplace: "x"},
		{Status: ProposalMerged, Demand: "a", Workplace: "y", MeetingMembers: 4},
		{Status: ProposalMerged, Demand: "a"},
		{Status: ProposalMerged, Demand: "b", Workplace: "x"},
		{Status: ProposalAside, Demand: "", Workplace: "z"},
		{Status: ProposalNew, Workplace: "z"},
	}
	got := ProvenanceOf(ps)
	if got["a"] != (Provenance{Proposals: 4, Workplaces: 2, MeetingMembers: 14}) || got["b"] != (Provenance{1, 1, 0}) || len(got) != 2 {
		t.Errorf("%+v", got)
	}
}

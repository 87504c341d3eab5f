package web

import (
	"context"
	"time"

	"kravlistan/survey"
)

// The campaign's path, shown on the overview: what the organiser has done, the one next
// step (the page's prominent action) and, for a step that cannot be taken yet, why.
//
//	build → (collect proposals) → open → close → publish results → parties: freeze the
//	list, send links, wait for the deadline, assess the answers, publish the party page
//
// Collecting proposals (the intake round, member_propose.go and admin_inbox.go) is
// optional: while the campaign is a draft the step is "optional" with its own secondary
// button, and opening stays the prominent next step.
//
// Every step's words are in the i18n catalogue under org.path.{key} (the step),
// org.path.{key}.do (the action), org.path.{key}.why (why it cannot be taken yet) and
// org.path.{key}.done (what was done).

// pathStep is one step of the path.
type pathStep struct {
	Key    string
	Status string // "done", "next" (the one prominent step), "now" (in progress), "later", "optional"
	Href   string // the page where the step is taken
	// Move is set when the step is a state change made with a button on the overview.
	Move *stateMove
	// Publish is set when the next step is publishing the results page.
	Publish bool
	// Blocked: a precondition is missing; the page shows org.path.{Key}.why.
	Blocked bool
	// Args fill in org.path.{Key}.done or .now (counts, dates).
	Args []any
	// Num is the step's place, from 1; Text is the line under the step's name in the
	// page's language: what was done, why not yet, or what the action means.
	Num        int
	Name, Text string
	Do         string // the action's label
}

// partyProgress is what the path needs to know about the party confrontation.
type partyProgress struct {
	Frozen, Published        bool
	Parties, Submitted       int
	Links, LiveLinks         int
	Deadline                 time.Time // the latest expiry of a link
	DeadlinePassed, Assessed bool
}

// loadPartyProgress reads the party confrontation's progress of camp.
func loadPartyProgress(ctx context.Context, st survey.Store, camp *survey.Campaign, now time.Time) (partyProgress, error) {
	var pp partyProgress
	if err := st.InitParties(ctx, camp.ID); err != nil {
		return pp, err
	}
	set, err := st.PartySettings(ctx, camp.ID)
	if err != nil {
		return pp, err
	}
	pp.Frozen, pp.Published = set.FrozenAt != nil, set.Published
	rows, err := st.Parties(ctx, camp.ID)
	if err != nil {
		return pp, err
	}
	pp.Parties = len(rows)
	for _, r := range rows {
		if r.Status.SubmittedAt != nil {
			pp.Submitted++
		}
	}
	links, err := st.PartyLinks(ctx, camp.ID)
	if err != nil {
		return pp, err
	}
	for _, l := range links {
		if l.RevokedAt != nil {
			continue
		}
		pp.Links++
		if l.Active(now) {
			pp.LiveLinks++
		}
		if l.ExpiresAt.After(pp.Deadline) {
			pp.Deadline = l.ExpiresAt
		}
	}
	pp.DeadlinePassed = pp.Links > 0 && (pp.LiveLinks == 0 || pp.Submitted == pp.Parties)
	return pp, nil
}

// campaignPath lays out the path of the overview's campaign.
func (p overviewPage) campaignPath(pp partyProgress) []pathStep {
	c := p.Camp
	base := "/admin/campaigns/" + c.Slug
	parties := partyBase(c.Slug)
	closed, open := c.State == survey.StateClosed, c.State == survey.StateOpen
	published := c.Published && closed
	open1, close1, intake1 := p.Move(survey.StateOpen), p.Move(survey.StateClosed), p.Move(survey.StateIntake)
	intaking := c.State == survey.StateIntake
	steps := []pathStep{
		{Key: "build", Href: base + "/demands", Args: []any{len(c.Demands)}},
		{Key: "intake", Href: base + "/proposals", Move: &intake1, Args: []any{p.Proposals, p.ProposalsNew}},
		{Key: "open", Move: &open1},
		{Key: "close", Move: &close1, Args: []any{p.Meta.Responses}},
		{Key: "publish", Href: base + "/reports", Publish: true},
		{Key: "freeze", Href: parties + "/list"},
		{Key: "links", Href: parties},
		{Key: "deadline", Href: parties, Args: []any{pp.Submitted, pp.Parties}},
		{Key: "assess", Href: parties + "/matrix"},
		{Key: "partypub", Href: parties + "#h-publish"},
	}
	done := []bool{c.State != survey.StateDraft, open || closed, open || closed, closed, published,
		pp.Frozen, pp.Links > 0, pp.DeadlinePassed, pp.Published, pp.Published}
	// The step is blocked when what it needs is missing, not merely because an earlier
	// step is still to do.
	blocked := []bool{false, false, false, c.State == survey.StateDraft || intaking, !closed,
		!closed, !pp.Frozen, pp.Links == 0, pp.Submitted == 0, !pp.Frozen}
	next := -1
	for i := range steps {
		switch {
		case i == 0 && c.State == survey.StateDraft:
			// While a campaign is a draft it is still being built: the build step is in
			// progress and opening is the next step.
			steps[i].Status = "now"
		case i == 1 && c.State == survey.StateDraft:
			steps[i].Status = "optional"
		case i == 1 && intaking:
			// Proposals are coming in: the inbox is where the work is; opening the
			// ranking round is the next step.
			steps[i].Status = "now"
		case done[i]:
			steps[i].Status = "done"
		case next < 0 && !blocked[i]:
			steps[i].Status = "next"
			next = i
		default:
			steps[i].Status = "later"
			steps[i].Blocked = blocked[i]
		}
	}
	// A state change back (reopen) is no step of its own; the overview offers it below.
	lang := p.Lang
	for i := range steps {
		s := &steps[i]
		s.Num, s.Name = i+1, p.T(lang, "org.path."+s.Key)
		if s.Status != "next" && s.Status != "optional" {
			s.Move, s.Publish = nil, false
		}
		switch {
		case s.Status == "done" && s.Key == "intake" && p.Proposals == 0:
			s.Text = p.T(lang, "org.path.intake.skipped")
		case s.Status == "done":
			s.Text = p.T(lang, "org.path."+s.Key+".done", s.Args...)
		case s.Status == "now":
			s.Text, s.Do = p.T(lang, "org.path."+s.Key+".now", s.Args...), p.T(lang, "org.path."+s.Key+".do")
		case s.Status == "next":
			s.Text, s.Do = p.T(lang, "org.path."+s.Key+".means", s.Args...), p.T(lang, "org.path."+s.Key+".do")
		case s.Status == "optional":
			s.Text = p.T(lang, "org.path."+s.Key+".means")
		case s.Blocked:
			s.Text = p.T(lang, "org.path."+s.Key+".why")
		}
	}
	return steps
}

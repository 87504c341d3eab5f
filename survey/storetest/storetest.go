// Package storetest is the conformance suite of the storage interfaces in survey/store.go:
// what every store (survey/sqlite today, a PostgreSQL store next) must do, run by each
// store's own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) survey.Store { return mustOpenStore(t) })
//	}
//
// Each test gets a new, empty store from open, which must also arrange to close it (and
// give it a Tallier, as the server does, where the store takes one). The
// suite speaks only through the interfaces, so it pins down the behaviour the web layer
// relies on (error codes, replays, the edit rules, sessions, one-time codes), not how a
// store keeps its rows.
package storetest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"kravlistan/report"
	"kravlistan/survey"

	"github.com/google/uuid"
)

// Run runs every conformance test, each on a new store from open.
func Run(t *testing.T, open func(t *testing.T) survey.Store) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, st survey.Store)
	}{
		{"Campaigns", testCampaigns},
		{"EditRules", testEditRules},
		{"Responses", testResponses},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Codes", testCodes},
		{"Parties", testParties},
		{"Assemblies", func(t *testing.T, st survey.Store) { testAssemblies(t, st) }},
		{"Access", testAccess},
		{"Snapshot", testSnapshot},
		{"TallyReader", testTallyReader},
		{"Progress", testProgress},
		{"Poster", testPoster},
		{"Proposals", testProposals},
		{"Health", testHealth},
		{"PaperBatches", testPaperBatches},
		{"Callers", testCallers},
		{"Shared", testShared},
		{"SetupToken", testSetupToken},
		{"PartySetup", testPartySetup},
		{"PartyLinks", testPartyLinks},
		{"PartyAnswersRace", testPartyAnswersRace},
		{"PartyMatrix", testPartyMatrix},
		{"SaveParties", testSaveParties},
		{"CopyParties", testCopyParties},
		{"Visits", testVisits},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// demo stores the demo campaign under slug and returns it as read back.
func demo(t *testing.T, st survey.Store, slug string) *survey.Campaign {
	t.Helper()
	c := survey.Demo()
	c.Slug = slug
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	got, err := st.Campaign(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ballot(ranking ...string) *survey.Response {
	return &survey.Response{ID: uuid.New(), Channel: survey.ChannelAPI, Day: "2026-03-01", Ranking: ranking}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := survey.ErrorCode(err); got != code {
		t.Errorf("%s: %v (code %q), want code %q", what, err, got, code)
	}
}

func testCampaigns(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	want := survey.Demo()
	if c.ID == 0 || c.Title != want.Title || len(c.Demands) != len(want.Demands) || c.State != want.State {
		t.Fatalf("read back id %d %q, %d demands, %s", c.ID, c.Title, len(c.Demands), c.State)
	}
	_, err := st.Campaign(ctx, "finns-inte")
	wantCode(t, "unknown slug", err, survey.ENOTFOUND)
	wantCode(t, "slug taken", st.CreateCampaign(ctx, survey.Demo()), survey.ECONFLICT)
	if free, err := st.FreeSlug(ctx, "demo"); err != nil || free == "demo" {
		t.Errorf("FreeSlug(demo) = %q, %v: the slug is taken", free, err)
	}
	if free, err := st.FreeSlug(ctx, "ledig"); err != nil || free != "ledig" {
		t.Errorf("FreeSlug(ledig) = %q, %v", free, err)
	}
	// In the workspace a taken slug comes with a free one to take instead.
	err = st.CreateCampaignBy(ctx, survey.Demo(), 0)
	if se, _ := err.(*survey.Error); se == nil || se.Code != survey.ECONFLICT || se.Key != "slug_suggest" || len(se.Args) != 2 || se.Args[1] != "demo-2" {
		t.Errorf("CreateCampaignBy with a taken slug: %#v", err)
	}
	bad := survey.Demo()
	bad.Slug, bad.Demands[0].Title = "ny", ""
	wantCode(t, "an invalid campaign", st.CreateCampaign(ctx, bad), survey.EINVALID)
	_, err = st.Campaign(ctx, "ny")
	wantCode(t, "the invalid campaign read back", err, survey.ENOTFOUND)
	if doc, err := st.CampaignDoc(ctx, "demo"); err != nil || doc.ID != c.ID || doc == c {
		t.Errorf("CampaignDoc = %p %v, want a fresh copy of %d", doc, err, c.ID)
	}

	c.Title = "Valet 2026, andra omgången"
	if err := st.SaveCampaign(ctx, c, "ada", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Campaign(ctx, "demo"); got == nil || got.Title != c.Title {
		t.Errorf("saved title not read back: %+v", got)
	}

	if err := st.SetPublished(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Campaign(ctx, "demo"); got == nil || !got.Published {
		t.Error("not published")
	}
	admin := &survey.User{ID: 1, Name: "ada", Role: survey.RoleAdmin}
	if err := st.SetArchived(ctx, "demo", true); err != nil {
		t.Fatal(err)
	}
	current, err := st.AdminCampaigns(ctx, admin, false)
	if err != nil {
		t.Fatal(err)
	}
	archived, err := st.AdminCampaigns(ctx, admin, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(current) != 0 || len(archived) != 1 || archived[0].Slug != "demo" || !archived[0].Archived ||
		archived[0].Title != c.Title || !archived[0].Published || archived[0].CreatedDay == "" {
		t.Errorf("after archiving: current %+v, archived %+v", current, archived)
	}
	wantCode(t, "archiving an unknown slug", st.SetArchived(ctx, "finns-inte", true), survey.ENOTFOUND)
	wantCode(t, "publishing an unknown slug", st.SetPublished(ctx, "finns-inte", true), survey.ENOTFOUND)
	if err := st.SetArchived(ctx, "demo", false); err != nil {
		t.Fatal(err)
	}
	if current, _ := st.AdminCampaigns(ctx, admin, false); len(current) != 1 {
		t.Errorf("restored campaign not listed: %+v", current)
	}
}

// testEditRules: once members have answered, SaveCampaign keeps the rules of
// survey.CheckEdit (nothing a ballot refers to disappears) and logs reworded demands.
func testEditRules(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	if _, err := st.Submit(ctx, c.ID, ballot(c.Demands[0].Key)); err != nil {
		t.Fatal(err)
	}
	gone := c.Clone()
	gone.Demands = gone.Demands[1:]
	wantCode(t, "removing a ranked demand", st.SaveCampaign(ctx, gone, "ada", ""), survey.EINVALID)
	codes := c.Clone()
	codes.Access = survey.AccessCodes
	wantCode(t, "switching to codes after answers", st.SaveCampaign(ctx, codes, "ada", ""), survey.EINVALID)
	if got, _ := st.Campaign(ctx, "demo"); got == nil || len(got.Demands) != len(c.Demands) || got.NeedsCode() {
		t.Fatal("a refused edit was saved")
	}

	reworded := c.Clone()
	reworded.Demands[0].Title = "Heltid som norm i hela välfärden"
	if err := st.SaveCampaign(ctx, reworded, "ada", "förtydligande"); err != nil {
		t.Fatal(err)
	}
	edits, err := st.DemandEdits(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) != 1 || edits[0].Key != c.Demands[0].Key || edits[0].OldTitle != c.Demands[0].Title ||
		edits[0].NewTitle != reworded.Demands[0].Title || edits[0].Reason != "förtydligande" || edits[0].By != "ada" ||
		edits[0].At.IsZero() {
		t.Errorf("edit log %+v", edits)
	}
	again := reworded.Clone()
	again.Demands[0].Title = "Heltid som norm, i hela välfärden"
	wantCode(t, "a reason with a control character", st.SaveCampaign(ctx, again, "ada", "rad\x00"), survey.EINVALID)
	if err := st.SaveCampaign(ctx, again, "bo", ""); err != nil {
		t.Fatal(err)
	}
	if edits, _ := st.DemandEdits(ctx, c.ID); len(edits) != 2 || edits[0].By != "bo" || edits[0].OldTitle != reworded.Demands[0].Title {
		t.Errorf("edit log, newest first: %+v", edits)
	}
}

func testResponses(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	r := ballot(c.Demands[0].Key, c.Demands[1].Key)
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != survey.Created {
		t.Fatalf("submit: %v %v", out, err)
	}
	same := *r
	if out, err := st.Submit(ctx, c.ID, &same); err != nil || out != survey.Replayed {
		t.Errorf("identical replay: %v %v, want Replayed", out, err)
	}
	other := *r
	other.Ranking = []string{c.Demands[2].Key}
	_, err := st.Submit(ctx, c.ID, &other)
	wantCode(t, "same id, other ballot", err, survey.ECONFLICT)

	for range 9 {
		if _, err := st.Submit(ctx, c.ID, ballot(c.Demands[2].Key)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.ResponseCount(ctx, c.ID); err != nil || n != 10 {
		t.Errorf("ResponseCount = %d, %v, want 10", n, err)
	}
	var ids []uuid.UUID
	if err := st.EachResponse(ctx, c.ID, survey.ByID, func(r *survey.Response) error {
		ids = append(ids, r.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 10 || !slices.ContainsFunc(ids, func(id uuid.UUID) bool { return id == r.ID }) {
		t.Fatalf("EachResponse walked %d responses", len(ids))
	}
	// ByID is the order of the random ids, never the order of arrival.
	if !slices.IsSortedFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }) {
		t.Errorf("EachResponse(ByID) is not in id order: %v", ids)
	}
	// Another campaign's responses are its own.
	c2 := demo(t, st, "annan")
	if n, err := st.ResponseCount(ctx, c2.ID); err != nil || n != 0 {
		t.Errorf("a new campaign has %d responses, %v", n, err)
	}
}

func testUsers(t *testing.T, st survey.Store) {
	ctx := context.Background()
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("a new store has %d users, %v", n, err)
	}
	u, err := st.CreateUser(ctx, "ada", survey.RoleAdmin, "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Name != "ada" || u.Role != survey.RoleAdmin || u.Disabled {
		t.Errorf("created %+v", u)
	}
	_, err = st.CreateUser(ctx, "ada", survey.RoleOrganiser, "hash2")
	wantCode(t, "name taken", err, survey.ECONFLICT)
	// Names are one account whatever their case.
	_, err = st.CreateUser(ctx, "ADA", survey.RoleOrganiser, "hash2")
	wantCode(t, "name taken in other case", err, survey.ECONFLICT)
	_, err = st.CreateUser(ctx, "ny användare", survey.RoleOrganiser, "hash2")
	wantCode(t, "a name with a space", err, survey.EINVALID)
	got, hash, err := st.UserByName(ctx, "Ada")
	if err != nil || got.ID != u.ID || got.Name != "ada" || hash != "hash1" {
		t.Errorf("UserByName: %+v %q %v", got, hash, err)
	}
	_, err = st.UserByID(ctx, u.ID+100)
	wantCode(t, "unknown id", err, survey.ENOTFOUND)
	_, err = st.SetPassword(ctx, "ingen", "x")
	wantCode(t, "new password for nobody", err, survey.ENOTFOUND)
	_, _, err = st.UserByName(ctx, "ingen")
	wantCode(t, "unknown user", err, survey.ENOTFOUND)
	if _, err := st.SetPassword(ctx, "ADA", "hash3"); err != nil {
		t.Fatal(err)
	}
	if _, hash, _ := st.UserByName(ctx, "ada"); hash != "hash3" {
		t.Errorf("password hash %q after SetPassword", hash)
	}
	if d, err := st.SetUserDisabled(ctx, "ada", true); err != nil || !d.Disabled {
		t.Errorf("disable: %+v %v", d, err)
	}
	if byID, err := st.UserByID(ctx, u.ID); err != nil || !byID.Disabled {
		t.Errorf("UserByID: %+v %v", byID, err)
	}
	if users, err := st.Users(ctx); err != nil || len(users) != 1 {
		t.Errorf("Users: %+v %v", users, err)
	}
}

func testSessions(t *testing.T, st survey.Store) {
	ctx := context.Background()
	u, err := st.CreateUser(ctx, "ada", survey.RoleAdmin, "hash")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	lim := survey.SessionLimits{Idle: time.Hour, Absolute: 12 * time.Hour}
	token := []byte("0123456789abcdef0123456789abcdef")
	if err := st.CreateSession(ctx, token, u.ID, "csrf-token", now); err != nil {
		t.Fatal(err)
	}
	s, err := st.Session(ctx, token, now.Add(time.Minute), lim)
	if err != nil || s.User.ID != u.ID || s.User.Name != "ada" || s.CSRF != "csrf-token" {
		t.Fatalf("Session: %+v %v", s, err)
	}
	_, err = st.Session(ctx, []byte("another token, never created!!!"), now, lim)
	wantCode(t, "unknown token", err, survey.ENOTFOUND)
	// Idle for longer than the limit: gone.
	_, err = st.Session(ctx, token, now.Add(3*time.Hour), lim)
	wantCode(t, "idle session", err, survey.ENOTFOUND)

	if err := st.CreateSession(ctx, token, u.ID, "csrf-2", now); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = st.Session(ctx, token, now, lim)
	wantCode(t, "deleted session", err, survey.ENOTFOUND)

	// The absolute limit holds however busy the session is; last-seen is written at most
	// once a minute.
	if err := st.CreateSession(ctx, token, u.ID, "csrf-busy", now); err != nil {
		t.Fatal(err)
	}
	if s, err := st.Session(ctx, token, now.Add(30*time.Second), lim); err != nil || !s.LastSeen.Equal(now) {
		t.Errorf("after 30 s: %+v %v, want last seen unchanged", s, err)
	}
	for h := 1; h < 12; h++ {
		at := now.Add(time.Duration(h)*time.Hour - time.Minute)
		if s, err := st.Session(ctx, token, at, lim); err != nil || !s.LastSeen.Equal(at) {
			t.Fatalf("busy session at %v: %+v %v", at, s, err)
		}
	}
	_, err = st.Session(ctx, token, now.Add(12*time.Hour+time.Minute), lim)
	wantCode(t, "a session past its absolute limit", err, survey.ENOTFOUND)

	// A disabled account's sessions end.
	if err := st.CreateSession(ctx, token, u.ID, "csrf-3", now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetUserDisabled(ctx, "ada", true); err != nil {
		t.Fatal(err)
	}
	_, err = st.Session(ctx, token, now, lim)
	wantCode(t, "disabled account", err, survey.ENOTFOUND)
}

func testCodes(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	wp := c.Workplaces[0].Code
	batch, codes, err := st.IssueCodes(ctx, c.ID, wp, 3)
	if err != nil || len(codes) != 3 {
		t.Fatalf("IssueCodes: %d codes, %v", len(codes), err)
	}
	for _, code := range codes {
		if _, ok := survey.NormalizeCode(code); !ok {
			t.Fatalf("issued code %q is not canonical", code)
		}
	}
	if got, err := st.CodeWorkplace(ctx, c.ID, survey.FormatCode(codes[0])); err != nil || got != wp {
		t.Errorf("CodeWorkplace = %q, %v, want %q", got, err, wp)
	}
	if _, err := st.CodeWorkplace(ctx, c.ID, "ZZZZ-ZZZZ"); err != survey.ErrCodeUnknown {
		t.Errorf("unknown code: %v", err)
	}
	r := ballot(c.Demands[0].Key)
	r.Code, r.Workplace = codes[0], wp
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != survey.Created {
		t.Fatalf("answer with a code: %v %v", out, err)
	}
	if out, err := st.Submit(ctx, c.ID, r); err != nil || out != survey.Replayed {
		t.Errorf("the same answer again: %v %v, want Replayed", out, err)
	}
	again := ballot(c.Demands[1].Key)
	again.Code, again.Workplace = codes[0], wp
	if _, err := st.Submit(ctx, c.ID, again); err != survey.ErrCodeUsed {
		t.Errorf("a used code, a new answer: %v, want ErrCodeUsed", err)
	}
	total, by, err := st.CodeCounts(ctx, c.ID)
	if err != nil || total.Issued != 3 || total.Used != 1 || len(by) != 1 || by[0].Workplace != wp {
		t.Errorf("CodeCounts = %+v %+v %v", total, by, err)
	}
	if err := st.VoidCodeBatch(ctx, c.ID, batch); err != nil {
		t.Fatal(err)
	}
	late := ballot(c.Demands[1].Key)
	late.Code, late.Workplace = codes[1], wp
	if _, err := st.Submit(ctx, c.ID, late); err != survey.ErrCodeUnknown {
		t.Errorf("a voided code: %v, want ErrCodeUnknown", err)
	}
	if total, _, _ := st.CodeCounts(ctx, c.ID); total.Issued != 1 || total.Used != 1 {
		t.Errorf("after voiding: %+v, want the used code only", total)
	}
	batches, err := st.CodeBatches(ctx, c.ID)
	if err != nil || len(batches) != 1 || !batches[0].Voided || batches[0].Workplace != wp {
		t.Errorf("CodeBatches = %+v %v", batches, err)
	}
	wantCode(t, "another campaign's batch", st.VoidCodeBatch(ctx, demo(t, st, "annan").ID, batch), survey.ENOTFOUND)
}

func testHealth(t *testing.T, st survey.Store) {
	if v, err := st.SchemaVersion(context.Background()); err != nil || v < 1 {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
}

// testParties: the party confrontation's life: default parties once, no answer link before
// the list is frozen, a link opens exactly its party until it is revoked, submitted
// answers lock until reopened, and a party with answers cannot be deleted.
func testParties(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	for range 2 { // InitParties adds the default parties only once
		if err := st.InitParties(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := st.Parties(ctx, c.ID)
	if err != nil || len(ps) != len(survey.DefaultParties()) {
		t.Fatalf("%d parties after InitParties, %v", len(ps), err)
	}
	p := ps[0]
	_, err = st.CreatePartyLink(ctx, c.ID, p.ID, time.Now().Add(time.Hour))
	wantCode(t, "a link before the list is frozen", err, survey.ECONFLICT)

	items := []survey.ListItem{
		{DemandKey: c.Demands[0].Key, Title: c.Demands[0].Title, Rank: 1, Picks: 40, Share: 0.8},
		{DemandKey: c.Demands[1].Key, Title: c.Demands[1].Title, Rank: 2, Picks: 30, Share: 0.6},
	}
	if err := st.FreezeList(ctx, c, items); err != nil {
		t.Fatal(err)
	}
	list, err := st.PartyList(ctx, c.ID)
	if err != nil || len(list) != 2 || list[0].DemandKey != items[0].DemandKey || list[0].ID == 0 {
		t.Fatalf("PartyList = %+v, %v", list, err)
	}
	token, err := st.CreatePartyLink(ctx, c.ID, p.ID, time.Now().Add(time.Hour))
	if err != nil || len(token) < 16 {
		t.Fatalf("CreatePartyLink: %q %v", token, err)
	}
	acc, err := st.PartyByToken(ctx, token)
	if err != nil || acc.CampaignID != c.ID || acc.Party.ID != p.ID || acc.Slug != "demo" {
		t.Fatalf("PartyByToken: %+v %v", acc, err)
	}
	_, err = st.PartyByToken(ctx, token+"x")
	wantCode(t, "a wrong token", err, survey.ENOTFOUND)

	answers := []survey.Answer{{ItemID: list[0].ID, Value: survey.AnswerYes}, {ItemID: list[1].ID, Value: survey.AnswerNo, Comment: "Inte nu."}}
	if _, err := st.SavePartyAnswers(ctx, p.ID, 0, answers, true); err != nil {
		t.Fatal(err)
	}
	got, err := st.PartyAnswers(ctx, p.ID)
	if err != nil || len(got) != 2 || got[list[1].ID].Comment != "Inte nu." {
		t.Errorf("PartyAnswers = %+v, %v", got, err)
	}
	_, err = st.SavePartyAnswers(ctx, p.ID, 1, answers, false)
	wantCode(t, "saving after submitting", err, survey.ECONFLICT)
	if err := st.ReopenParty(ctx, c.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if row, err := st.Party(ctx, c.ID, p.ID); err != nil || row.Status.SubmittedAt != nil {
		t.Errorf("reopened party still submitted: %+v %v", row.Status, err)
	}
	wantCode(t, "deleting a party with answers", st.DeleteParty(ctx, c.ID, p.ID), survey.ECONFLICT)

	links, err := st.PartyLinks(ctx, c.ID)
	if err != nil || len(links) != 1 {
		t.Fatalf("PartyLinks = %+v, %v", links, err)
	}
	if err := st.RevokePartyLink(ctx, c.ID, links[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.PartyByToken(ctx, token)
	wantCode(t, "a revoked link", err, survey.ENOTFOUND)
}

// testAccess: organisers see the campaigns they created or were given access to; admins
// see all.
func testAccess(t *testing.T, st survey.Store) {
	ctx := context.Background()
	admin, err := st.CreateUser(ctx, "ada", survey.RoleAdmin, "h")
	if err != nil {
		t.Fatal(err)
	}
	olle, err := st.CreateUser(ctx, "olle", survey.RoleOrganiser, "h")
	if err != nil {
		t.Fatal(err)
	}
	mine := survey.Demo()
	mine.Slug = "olles"
	if err := st.CreateCampaignBy(ctx, mine, olle.ID); err != nil {
		t.Fatal(err)
	}
	other := demo(t, st, "annan")
	can := func(u *survey.User, id int64) bool {
		t.Helper()
		ok, err := st.CanAccess(ctx, u, id)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	own, _ := st.Campaign(ctx, "olles")
	if meta, err := st.CampaignMeta(ctx, own.ID); err != nil || meta.CreatedBy != olle.ID {
		t.Errorf("CampaignMeta = %+v, %v", meta, err)
	}
	if !can(olle, own.ID) || can(olle, other.ID) || !can(admin, other.ID) {
		t.Fatal("access before granting")
	}
	if list, _ := st.AdminCampaigns(ctx, olle, false); len(list) != 1 || list[0].Slug != "olles" {
		t.Errorf("olle's list %+v", list)
	}
	for range 2 { // granting twice is harmless
		if err := st.GrantAccess(ctx, other.ID, olle.ID); err != nil {
			t.Fatal(err)
		}
	}
	if users, err := st.CampaignUsers(ctx, other.ID); err != nil || len(users) != 1 || users[0].ID != olle.ID {
		t.Errorf("CampaignUsers = %+v, %v", users, err)
	}
	// Accounts are listed by name whatever its case.
	zelda, err := st.CreateUser(ctx, "Zelda", survey.RoleOrganiser, "h")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.GrantAccess(ctx, other.ID, zelda.ID); err != nil {
		t.Fatal(err)
	}
	if users, err := st.CampaignUsers(ctx, other.ID); err != nil || len(users) != 2 || users[0].Name != "olle" || users[1].Name != "Zelda" {
		t.Errorf("CampaignUsers = %+v, %v; want olle, Zelda", users, err)
	}
	if all, err := st.Users(ctx); err != nil || len(all) != 3 || all[0].Name != "ada" || all[1].Name != "olle" || all[2].Name != "Zelda" {
		t.Errorf("Users = %+v, %v; want ada, olle, Zelda", all, err)
	}
	if err := st.RevokeAccess(ctx, other.ID, zelda.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeAccess(ctx, other.ID, zelda.ID); err != nil {
		t.Errorf("revoking what is not granted: %v", err)
	}
	if !can(olle, other.ID) {
		t.Error("granted access not given")
	}
	if err := st.RevokeAccess(ctx, other.ID, olle.ID); err != nil {
		t.Fatal(err)
	}
	if can(olle, other.ID) {
		t.Error("revoked access kept")
	}
}

// counted is what the figures of c may show at now, checked to be the same whether
// counted or walked.
func counted(t *testing.T, st survey.Store, c *survey.Campaign, now time.Time) int {
	t.Helper()
	n, err := st.CountedResponses(context.Background(), c, now)
	if err != nil {
		t.Fatal(err)
	}
	walked := 0
	if err := st.EachCounted(context.Background(), c, now, func(*survey.Response) error { walked++; return nil }); err != nil {
		t.Fatal(err)
	}
	if walked != n {
		t.Fatalf("EachCounted walked %d, CountedResponses says %d", walked, n)
	}
	return n
}

// testSnapshot: while a campaign is open its figures move only once k new answers have
// arrived (so two reads never differ by fewer than k ballots); once it is closed every
// answer counts.
func testSnapshot(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	k := c.AnonymityThreshold
	if k < 2 || c.State != survey.StateOpen {
		t.Fatalf("the demo should be open with a threshold: %s, k=%d", c.State, k)
	}
	submit := func(n int) {
		for range n {
			if _, err := st.Submit(ctx, c.ID, ballot(c.Demands[0].Key)); err != nil {
				t.Fatal(err)
			}
		}
	}
	now := time.Now()
	submit(k - 1)
	if n := counted(t, st, c, now); n != 0 {
		t.Fatalf("%d answers with k=%d: %d shown", k-1, k, n)
	}
	submit(1)
	if n := counted(t, st, c, now); n != k {
		t.Fatalf("%d answers: %d shown, want %d", k, n, k)
	}
	submit(k - 2)
	if n := counted(t, st, c, now); n != k {
		t.Fatalf("%d answers: %d shown, want still %d", 2*k-2, n, k)
	}
	c.State = survey.StateClosed
	if err := st.SaveCampaign(ctx, c, "ada", ""); err != nil {
		t.Fatal(err)
	}
	closed, err := st.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if n := counted(t, st, closed, now); n != 2*k-2 {
		t.Fatalf("closed: %d shown, want all %d", n, 2*k-2)
	}
}

// testTallyReader: a store that keeps tallies (survey.TallyReader, opened with a Tallier
// as the server opens it) hands out, at every step, the tally of exactly the responses
// EachCounted walks: a recount of them, while the campaign is open (the snapshot), after
// its closing time has passed (every response, without any write) and once it is closed.
func testTallyReader(t *testing.T, st survey.Store) {
	tr, ok := st.(survey.TallyReader)
	if !ok {
		t.Skip("the store keeps no tallies")
	}
	ctx := context.Background()
	c := demo(t, st, "demo")
	k := c.AnonymityThreshold
	check := func(c *survey.Campaign, now time.Time, what string) {
		t.Helper()
		got, err := tr.CountedTally(ctx, c, now)
		if err != nil || got == nil {
			t.Fatalf("%s: CountedTally %v, %v; want the store's tally", what, got, err)
		}
		recount := report.Tallies{}.NewTally(c)
		if err := st.EachCounted(ctx, c, now, recount.Add); err != nil {
			t.Fatal(err)
		}
		if !got.(*report.Tally).Equal(recount.(*report.Tally)) {
			t.Fatalf("%s: the tally counts %d answers and differs from a recount of the %d EachCounted walks", what, got.Responses(), recount.Responses())
		}
		if n, err := st.CountedResponses(ctx, c, now); err != nil || n != got.Responses() {
			t.Fatalf("%s: CountedResponses %d (%v), the tally %d", what, n, err, got.Responses())
		}
	}
	now := time.Now()
	check(c, now, "no answers")
	for i := range 3*k + 2 {
		r := ballot(c.Demands[i%len(c.Demands)].Key, c.Demands[(i+1)%len(c.Demands)].Key)
		r.Workplace = []string{"", "x", "y"}[i%3]
		r.Background = map[string]string{c.Questions[0].Key: c.Questions[0].Options[i%len(c.Questions[0].Options)].Key}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
		check(c, now, fmt.Sprintf("%d answers", i+1))
	}
	past := now.Add(-time.Minute)
	timeUp := c.Clone()
	timeUp.ClosesAt = &past
	check(timeUp, now, "after the closing time")
	c.State = survey.StateClosed
	if err := st.SaveCampaign(ctx, c, "ada", ""); err != nil {
		t.Fatal(err)
	}
	closed, err := st.Campaign(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	check(closed, now, "closed")
}

// testProgress: the live count and the days are exact; a closed campaign's groups count
// every answer.
func testProgress(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	wp := c.Workplaces[0].Code
	for i := range 6 {
		r := ballot(c.Demands[0].Key)
		if i < 4 {
			r.Workplace = wp
		}
		if i == 5 {
			r.Day = "2026-03-02"
		}
		if _, err := st.Submit(ctx, c.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	c.State = survey.StateClosed
	if err := st.SaveCampaign(ctx, c, "ada", ""); err != nil {
		t.Fatal(err)
	}
	closed, _ := st.Campaign(ctx, "demo")
	p, err := st.ProgressAt(ctx, closed, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]int{}
	for _, d := range p.ByDay {
		days[d.Key] = d.N
	}
	wps := map[string]int{}
	for _, w := range p.ByWorkplace {
		wps[w.Key] = w.N
	}
	if p.Total != 6 || days["2026-03-01"] != 5 || days["2026-03-02"] != 1 || wps[wp] != 4 || wps[""] != 2 {
		t.Errorf("ProgressAt: total %d, days %v, workplaces %v", p.Total, days, wps)
	}
}

func testPoster(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	if p, err := st.Poster(ctx, c.ID); err != nil || p != (survey.Poster{}) {
		t.Errorf("a new campaign's poster: %+v, %v", p, err)
	}
	_, _, err := st.PosterLogo(ctx, c.ID)
	wantCode(t, "no logo yet", err, survey.ENOTFOUND)
	want := survey.Poster{Sender: "LO-distriktet i Västsverige", ElectionDay: "2026-09-13", Call: "Fråga partierna!"}
	if err := st.SavePoster(ctx, c.ID, want); err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\nnot really an image, the caller checks that")
	if err := st.SetPosterLogo(ctx, c.ID, "image/png", png); err != nil {
		t.Fatal(err)
	}
	got, err := st.Poster(ctx, c.ID)
	if err != nil || got.Sender != want.Sender || got.ElectionDay != want.ElectionDay || got.Call != want.Call ||
		got.LogoType != "image/png" || got.LogoSum == "" {
		t.Errorf("Poster = %+v, %v", got, err)
	}
	if typ, data, err := st.PosterLogo(ctx, c.ID); err != nil || typ != "image/png" || !bytes.Equal(data, png) {
		t.Errorf("PosterLogo = %q, %d bytes, %v", typ, len(data), err)
	}
	// Saving the text again keeps the logo; a bad day is refused.
	if err := st.SavePoster(ctx, c.ID, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Poster(ctx, c.ID); got.LogoType != "image/png" || len(got.LogoSum) != 12 {
		t.Errorf("the logo after saving the text: %+v", got)
	}
	wantCode(t, "a poster with a bad day", st.SavePoster(ctx, c.ID, survey.Poster{ElectionDay: "13 september"}), survey.EINVALID)
	if err := st.SetPosterLogo(ctx, c.ID, "", nil); err != nil {
		t.Fatal(err)
	}
	_, _, err = st.PosterLogo(ctx, c.ID)
	wantCode(t, "removed logo", err, survey.ENOTFOUND)
	if got, _ := st.Poster(ctx, c.ID); got.LogoType != "" || got.Sender != want.Sender {
		t.Errorf("after removing the logo: %+v", got)
	}
}

// testSetupToken: the first-admin link works once, only while no account exists, and a
// new token replaces the old.
func testSetupToken(t *testing.T, st survey.Store) {
	ctx := context.Background()
	now := time.Now()
	const maxAge = time.Hour
	first, second := []byte("first token hash, 32 bytes long!"), []byte("second token hash, 32 bytes lon!")
	if err := st.CreateSetupToken(ctx, first, now); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.SetupTokenValid(ctx, first, now, maxAge); err != nil || !ok {
		t.Fatalf("a new token: %v %v", ok, err)
	}
	if ok, _ := st.SetupTokenValid(ctx, first, now.Add(2*maxAge), maxAge); ok {
		t.Error("a token past its age is valid")
	}
	if err := st.CreateSetupToken(ctx, second, now); err != nil {
		t.Fatal(err)
	}
	if ok, _ := st.SetupTokenValid(ctx, first, now, maxAge); ok {
		t.Error("a replaced token is valid")
	}
	_, err := st.UseSetupToken(ctx, first, now, maxAge, "ada", "hash")
	wantCode(t, "using a replaced token", err, survey.EFORBIDDEN)
	_, err = st.UseSetupToken(ctx, second, now, maxAge, "", "hash")
	wantCode(t, "a first admin without a name", err, survey.EINVALID)
	u, err := st.UseSetupToken(ctx, second, now, maxAge, "ada", "hash")
	if err != nil || u.Role != survey.RoleAdmin || u.Name != "ada" {
		t.Fatalf("UseSetupToken: %+v %v", u, err)
	}
	_, err = st.UseSetupToken(ctx, second, now, maxAge, "bo", "hash")
	wantCode(t, "using the token twice", err, survey.EFORBIDDEN)
	// Once an account exists, no token works.
	if err := st.CreateSetupToken(ctx, first, now); err != nil {
		t.Fatal(err)
	}
	if ok, _ := st.SetupTokenValid(ctx, first, now, maxAge); ok {
		t.Error("a token is valid while an account exists")
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
}

func testProposals(t *testing.T, st survey.Store) {
	ctx := context.Background()
	c := demo(t, st, "demo")
	p := &survey.Proposal{ID: uuid.New(), Source: survey.SourceIntake, Area: c.Demands[0].Area, Title: "Heltid som norm",
		Workplace: c.Workplaces[0].Code, Day: "2026-03-02", Status: survey.ProposalNew}
	if out, err := st.SubmitProposal(ctx, c.ID, p); err != nil || out != survey.Created {
		t.Fatalf("SubmitProposal: %v %v", out, err)
	}
	again := *p
	if out, err := st.SubmitProposal(ctx, c.ID, &again); err != nil || out != survey.Replayed {
		t.Errorf("identical replay: %v %v", out, err)
	}
	again.Title = "Något annat"
	_, err := st.SubmitProposal(ctx, c.ID, &again)
	wantCode(t, "same id, other proposal", err, survey.ECONFLICT)
	if n, err := st.ProposalCount(ctx, c.ID); err != nil || n != 1 {
		t.Errorf("ProposalCount = %d, %v", n, err)
	}
	ps, err := st.Proposals(ctx, c.ID)
	if err != nil || len(ps) != 1 || ps[0].ID != p.ID || ps[0].Title != p.Title {
		t.Fatalf("Proposals = %+v, %v", ps, err)
	}
	if err := st.SetProposalsAside(ctx, c.ID, []uuid.UUID{p.ID}, "finns redan"); err != nil {
		t.Fatal(err)
	}
	if ps, _ := st.Proposals(ctx, c.ID); len(ps) != 1 || ps[0].Status == survey.ProposalNew {
		t.Errorf("set aside: %+v", ps)
	}
	if err := st.ReturnProposals(ctx, c.ID, []uuid.UUID{p.ID}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := st.Proposals(ctx, c.ID); len(ps) != 1 || ps[0].Status != survey.ProposalNew {
		t.Errorf("returned: %+v", ps)
	}
}

package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"kravlistan/survey"
)

// twoAssemblies is a municipality where S and V together hold a majority and a region
// where they do not.
func twoAssemblies() []survey.Assembly {
	return []survey.Assembly{
		{Key: "huddinge", Name: "Kommunfullmäktige i Huddinge", Level: survey.LevelKommun, Seats: 61, Parties: []survey.FileParty{
			{Key: "S", Name: "Socialdemokraterna", Seats: 19}, {Key: "V", Name: "Vänsterpartiet", Seats: 12},
			{Key: "M", Name: "Moderaterna", Seats: 15}, {Key: "SD", Name: "Sverigedemokraterna", Seats: 10},
			{Key: "HP", Name: "Huddingepartiet", Seats: 5, Colour: "#123456"},
		}},
		{Key: "region", Name: "Regionfullmäktige i Stockholm", Level: survey.LevelRegion, Seats: 149, Parties: []survey.FileParty{
			{Key: "S", Name: "Socialdemokraterna", Seats: 40}, {Key: "V", Name: "Vänsterpartiet", Seats: 12},
			{Key: "M", Name: "Moderaterna", Seats: 45},
		}},
	}
}

// assemblyCampaign stores the demo campaign with two assemblies; its first demand is put
// to the municipality only, its second to the region only, the others to both.
func assemblyCampaign(t *testing.T, st AssemblyStore, slug string) *survey.Campaign {
	t.Helper()
	c := survey.Demo()
	c.Slug = slug
	c.Assemblies = twoAssemblies()
	c.Demands[0].Assemblies = []string{"huddinge"}
	c.Demands[1].Assemblies = []string{"region"}
	if err := st.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	got, err := st.Campaign(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameJSON reports whether a and b read the same in a campaign file.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// AssemblyStore is what the assemblies' conformance test needs of a store: campaigns and
// the party confrontation (a store still being ported can run it before it is complete).
type AssemblyStore interface {
	survey.CampaignStore
	survey.PartyStore
}

// Assemblies runs the assemblies' conformance test on st (Run runs it on every store).
func Assemblies(t *testing.T, st AssemblyStore) { testAssemblies(t, st) }

// testAssemblies: a campaign file's assemblies reach the party tables and come back
// unchanged; each assembly has its own parties (the same short name in both), its own
// list and its own majority; links and answers keep to the party's assembly.
func testAssemblies(t *testing.T, st AssemblyStore) {
	ctx := context.Background()
	c := assemblyCampaign(t, st, "tva")
	if c.Assemblies != nil {
		t.Errorf("the stored campaign carries assemblies in its document: %+v", c.Assemblies)
	}
	if err := st.InitParties(ctx, c.ID); err != nil { // adds nothing: the file gave assemblies
		t.Fatal(err)
	}
	file, err := survey.CampaignFile(ctx, st, c)
	if err != nil {
		t.Fatal(err)
	}
	want := twoAssemblies()
	if !sameJSON(file.Assemblies, want) {
		t.Fatalf("assemblies back from the store:\n%+v\nwant\n%+v", file.Assemblies, want)
	}
	if got := file.Demands[0].Assemblies; !reflect.DeepEqual(got, []string{"huddinge"}) {
		t.Errorf("demand assemblies: %v", got)
	}
	set, err := st.PartySettings(ctx, c.ID)
	if err != nil || len(set.Assemblies) != 2 || set.Assemblies[0].ID == 0 || set.Assemblies[1].Majority() != 75 {
		t.Fatalf("settings %+v %v", set, err)
	}
	hud, reg := set.Assemblies[0], set.Assemblies[1]
	ps, err := st.Parties(ctx, c.ID)
	if err != nil || len(ps) != 8 {
		t.Fatalf("%d parties, %v", len(ps), err)
	}
	party := func(a survey.Assembly, short string) survey.PartyRow {
		for _, p := range ps {
			if p.AssemblyID == a.ID && p.Short == short {
				return p
			}
		}
		t.Fatalf("no %s in %s", short, a.Key)
		return survey.PartyRow{}
	}
	if p := party(hud, "HP"); p.Colour != "#123456" {
		t.Errorf("colour from the file: %q", p.Colour)
	}
	if p := party(reg, "S"); p.Colour != survey.DefaultColour("S") || p.Seats != 40 {
		t.Errorf("default colour, seats: %+v", p)
	}

	// A party whose assembly has no list yet gets no link.
	_, err = st.CreatePartyLink(ctx, c.ID, party(hud, "S").ID, time.Now().Add(time.Hour))
	wantCode(t, "a link before the list is frozen", err, survey.ECONFLICT)
	items := make([]survey.ListItem, 3)
	for i := range items {
		items[i] = survey.ListItem{DemandKey: c.Demands[i].Key, Title: c.Demands[i].Title, Rank: i + 1}
	}
	if err := st.FreezeList(ctx, c, items); err != nil {
		t.Fatal(err)
	}
	list, err := st.PartyList(ctx, c.ID)
	if err != nil || len(list) != 3 || !reflect.DeepEqual(list[0].Assemblies, []string{"huddinge"}) || len(list[2].Assemblies) != 0 {
		t.Fatalf("list %+v %v", list, err)
	}
	forHud := survey.ItemsFor(list, "huddinge")
	if len(forHud) != 2 || forHud[0].ID != list[0].ID || forHud[1].ID != list[2].ID {
		t.Fatalf("huddinge's list %+v", forHud)
	}
	if _, err := st.CreatePartyLink(ctx, c.ID, party(hud, "S").ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// An answer to the region's demand is not one Huddinge's S can give.
	_, err = st.SavePartyAnswers(ctx, party(hud, "S").ID, 0, []survey.Answer{{ItemID: list[1].ID, Value: survey.AnswerYes}}, false)
	wantCode(t, "answering another assembly's demand", err, survey.EINVALID)
	yes := func(p survey.PartyRow, items []survey.ListItem) {
		t.Helper()
		ans := make([]survey.Answer, len(items))
		for i, it := range items {
			ans[i] = survey.Answer{ItemID: it.ID, Value: survey.AnswerYes}
		}
		if _, err := st.SavePartyAnswers(ctx, p.ID, 0, ans, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []survey.Assembly{hud, reg} {
		for _, short := range []string{"S", "V"} {
			yes(party(a, short), survey.ItemsFor(list, a.Key))
		}
	}
	ms, err := st.PartyMatrices(ctx, c.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d matrices, %v", len(ms), err)
	}
	mh, mr := ms[0], ms[1]
	if mh.Assembly.Key != "huddinge" || len(mh.Parties) != 5 || len(mh.Items) != 2 || mh.Items[1].ID != list[2].ID {
		t.Fatalf("huddinge matrix: %+v", mh)
	}
	if mr.Assembly.Key != "region" || len(mr.Parties) != 3 || len(mr.Items) != 2 || mr.Items[0].ID != list[1].ID {
		t.Fatalf("region matrix: %+v", mr)
	}
	if got := mh.Majority[0]; got.Seats != 31 || got.Needed != 31 || !got.Has {
		t.Errorf("huddinge: S+V %+v, want a majority of 31 of 61", got)
	}
	if got := mr.Majority[1]; got.Seats != 52 || got.Needed != 75 || got.Has {
		t.Errorf("region: S+V %+v, want 52 of 149, no majority", got)
	}

	// A new assembly from the form; its key must be free.
	riks := survey.Assembly{Key: "riksdag", Name: "Riksdagen", Level: survey.LevelRiksdag, Seats: 349}
	if err := st.SaveParties(ctx, c.ID, riks, []survey.Party{{Short: "S", Name: "Socialdemokraterna", Colour: "#E8112D", Seats: 107}}, nil); err != nil {
		t.Fatal(err)
	}
	dup := riks
	dup.Key = "region"
	wantCode(t, "a second assembly with a taken key", st.SaveParties(ctx, c.ID, dup, nil, nil), survey.EINVALID)
	set, _ = st.PartySettings(ctx, c.ID)
	if len(set.Assemblies) != 3 || set.Assemblies[2].Key != "riksdag" {
		t.Fatalf("after adding: %+v", set.Assemblies)
	}
	wantCode(t, "deleting an assembly with answers", st.DeleteAssembly(ctx, c.ID, hud.ID), survey.ECONFLICT)
	if err := st.DeleteAssembly(ctx, c.ID, set.Assemblies[2].ID); err != nil {
		t.Fatal(err)
	}

	// A duplicate for the next election gets both assemblies and their parties.
	next := survey.Demo()
	next.Slug = "nasta"
	if err := st.CreateCampaign(ctx, next); err != nil {
		t.Fatal(err)
	}
	if err := st.CopyParties(ctx, c.ID, next.ID); err != nil {
		t.Fatal(err)
	}
	nf, err := survey.CampaignFile(ctx, st, next)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(nf.Assemblies, want) {
		t.Errorf("copied assemblies:\n%+v\nwant\n%+v", nf.Assemblies, want)
	}

	// Replacing the content with a file: a party with answers cannot be left out; one
	// without answers can, and the others keep their answers.
	edit := file.Clone()
	edit.Assemblies[0].Parties = edit.Assemblies[0].Parties[1:] // drops Huddinge's S
	wantCode(t, "a file leaving out a party with answers", st.SaveCampaign(ctx, edit, "test", ""), survey.ECONFLICT)
	edit = file.Clone()
	edit.Assemblies[0].Parties = edit.Assemblies[0].Parties[:4] // drops HP
	edit.Assemblies[1].Seats = 101
	if err := st.SaveCampaign(ctx, edit, "test", ""); err != nil {
		t.Fatal(err)
	}
	ms, _ = st.PartyMatrices(ctx, c.ID)
	if len(ms[0].Parties) != 4 || ms[1].Assembly.Seats != 101 || !ms[1].Majority[1].Has {
		t.Errorf("after the file: %d parties, %+v", len(ms[0].Parties), ms[1].Majority)
	}
	bad := file.Clone()
	bad.Demands[2].Assemblies = []string{"goteborg"}
	bad.Assemblies = nil // the stored assemblies stay; the demand must name one of them
	err = st.SaveCampaign(ctx, bad, "test", "")
	wantCode(t, "a demand naming an unknown assembly", err, survey.EINVALID)
	if fe := survey.FieldErrors(err); len(fe) != 1 || fe[0].Field != "demands[2].assemblies[0]" {
		t.Errorf("field errors %+v", fe)
	}

	// The assemblies of an answered demand stay; a demand added to the list may name its own.
	list, _ = st.PartyList(ctx, c.ID)
	moved := append([]survey.ListItem(nil), list...)
	moved[2].Assemblies = []string{"huddinge"}
	wantCode(t, "moving an answered demand to one assembly", st.SaveList(ctx, c, moved), survey.ECONFLICT)
	added := append(append([]survey.ListItem(nil), list...), survey.ListItem{DemandKey: c.Demands[3].Key, Title: c.Demands[3].Title, Assemblies: []string{"region"}})
	if err := st.SaveList(ctx, c, added); err != nil {
		t.Fatal(err)
	}
	list, _ = st.PartyList(ctx, c.ID)
	if len(list) != 4 || len(list[3].Assemblies) != 1 || list[3].Assemblies[0] != "region" || len(list[2].Assemblies) != 0 {
		t.Errorf("list after adding %+v", list)
	}
}

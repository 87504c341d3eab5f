package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
)

// TestMigrateOneAssembly: a campaign of the schema before assemblies (one assembly in its
// party settings) migrates to one assembly made from those settings, with every party,
// answer, assessment, link and follow-up kept, and its matrix as before.
func TestMigrateOneAssembly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := openTo(ctx, path, 20, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := survey.Demo()
	if err := old.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	other := survey.Demo()
	other.Slug = "utan-partier"
	if err := old.CreateCampaign(ctx, other); err != nil {
		t.Fatal(err)
	}
	token := "a-token-of-enough-length-1234567890"
	now := time.Now().UTC()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, published, frozen_at, deadline)
			VALUES (?, 'kommunfullmaktige', 61, 1, ?, '2031-05-01')`, []any{c.ID, timeText(now)}},
		{`INSERT INTO parties (id, campaign_id, position, short, name, colour, seats, submitted_at, saved_at, version)
			VALUES (10, ?, 0, 'S', 'Socialdemokraterna', '#E8112D', 20, ?, ?, 1)`, []any{c.ID, timeText(now), timeText(now)}},
		{`INSERT INTO parties (id, campaign_id, position, short, name, colour, seats, submitted_at, saved_at, version)
			VALUES (11, ?, 1, 'V', 'Vänsterpartiet', '#DA291C', 11, ?, ?, 1)`, []any{c.ID, timeText(now), timeText(now)}},
		{`INSERT INTO parties (id, campaign_id, position, short, name, colour, seats)
			VALUES (12, ?, 2, 'M', 'Moderaterna', '#52BDEC', 25)`, []any{c.ID}},
		{`INSERT INTO party_items (id, campaign_id, position, demand_key, title) VALUES (100, ?, 0, 'heltid', 'Heltid')`, []any{c.ID}},
		{`INSERT INTO party_items (id, campaign_id, position, demand_key, title) VALUES (101, ?, 1, 'visstid', 'Visstid')`, []any{c.ID}},
		{`INSERT INTO party_answers (party_id, item_id, answer, comment, assessment) VALUES (10, 100, 'ja', 'Självklart.', ''),
			(10, 101, 'nej', '', ''), (11, 100, 'ja', '', ''), (11, 101, 'ja', '', 'unclear')`, nil},
		{`INSERT INTO party_links (party_id, token_hash, created_at, expires_at) VALUES (12, ?, ?, ?)`,
			[]any{storage.HashToken(token), timeText(now), timeText(now.Add(24 * time.Hour))}},
		{`INSERT INTO party_followups (party_id, item_id, status, day, note) VALUES (10, 100, 'infriat', '2030-01-01', 'Beslut i KF')`, nil},
	} {
		if _, err := old.w.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	old.Close()

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set, err := st.PartySettings(ctx, c.ID)
	if err != nil || len(set.Assemblies) != 1 {
		t.Fatalf("%+v %v", set, err)
	}
	a := set.Assemblies[0]
	if a.ID == 0 || a.Key != "kommun" || a.Name != "Kommunfullmäktige" || a.Level != survey.LevelKommun || a.Seats != 61 {
		t.Errorf("assembly %+v", a)
	}
	if !set.Published || set.Deadline != "2031-05-01" || set.FrozenAt == nil {
		t.Errorf("settings lost: %+v", set)
	}
	if set, _ := st.PartySettings(ctx, other.ID); len(set.Assemblies) != 1 || set.Assemblies[0].ID != 0 {
		t.Errorf("a campaign without parties got a stored assembly: %+v", set.Assemblies)
	}
	ps, err := st.Parties(ctx, c.ID)
	if err != nil || len(ps) != 3 {
		t.Fatalf("%+v %v", ps, err)
	}
	for i, short := range []string{"S", "V", "M"} {
		if ps[i].Short != short || ps[i].AssemblyID != a.ID || ps[i].ID != int64(10+i) {
			t.Errorf("party %d: %+v", i, ps[i])
		}
	}
	if ans, _ := st.PartyAnswers(ctx, 10); len(ans) != 2 || ans[100].Comment != "Självklart." || ans[101].Value != survey.AnswerNo {
		t.Errorf("answers of S: %+v", ans)
	}
	acc, err := st.PartyByToken(ctx, token)
	if err != nil || acc.Party.ID != 12 || acc.Party.AssemblyID != a.ID {
		t.Errorf("link after migration: %+v %v", acc, err)
	}
	fs, err := st.FollowUps(ctx, c.ID)
	if err != nil || len(fs) != 1 || fs[0].Note != "Beslut i KF" {
		t.Errorf("follow-ups: %+v %v", fs, err)
	}
	ms, err := st.PartyMatrices(ctx, c.ID)
	if err != nil || len(ms) != 1 || len(ms[0].Items) != 2 || len(ms[0].Parties) != 3 {
		t.Fatalf("%+v %v", ms, err)
	}
	// heltid: S 20 + V 11 = 31 of 61; visstid: V's yes was assessed unclear.
	if m := ms[0].Majority; !m[0].Has || m[0].Seats != 31 || m[1].Seats != 0 {
		t.Errorf("majorities %+v", m)
	}
	var fk int
	if err := st.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign key check: %d rows, %v", fk, err)
	}
	// The same short name may now stand in a second assembly.
	reg := survey.Assembly{Key: "region", Name: "Regionfullmäktige", Level: survey.LevelRegion, Seats: 81}
	if err := st.SaveParties(ctx, c.ID, reg, []survey.Party{{Short: "S", Name: "Socialdemokraterna", Colour: "#E8112D", Seats: 30}}, nil); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkPartyMatrices: the matrices of a district with ten assemblies (a municipality
// each, eight parties, all submitted) and a list of ten demands, as every public party
// page and report reads them.
func BenchmarkPartyMatrices(b *testing.B) {
	ctx := context.Background()
	st := mustOpenStore(b)
	c := survey.Demo()
	if err := st.CreateCampaign(ctx, c); err != nil {
		b.Fatal(err)
	}
	for k := range 10 {
		a := survey.Assembly{Key: "kommun" + string(rune('a'+k)), Name: "Kommun", Level: survey.LevelKommun, Seats: 61}
		ps := survey.DefaultParties()
		for i := range ps {
			ps[i].Seats = 7
		}
		if err := st.SaveParties(ctx, c.ID, a, ps, nil); err != nil {
			b.Fatal(err)
		}
	}
	items := make([]survey.ListItem, 10)
	for i := range items {
		items[i] = survey.ListItem{DemandKey: c.Demands[i].Key, Title: c.Demands[i].Title}
	}
	if err := st.FreezeList(ctx, c, items); err != nil {
		b.Fatal(err)
	}
	list, _ := st.PartyList(ctx, c.ID)
	rows, _ := st.Parties(ctx, c.ID)
	yes := make([]survey.Answer, len(list))
	for i, it := range list {
		yes[i] = survey.Answer{ItemID: it.ID, Value: survey.AnswerYes}
	}
	for _, p := range rows {
		if _, err := st.SavePartyAnswers(ctx, p.ID, 0, yes, true); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		ms, err := st.PartyMatrices(ctx, c.ID)
		if err != nil || len(ms) != 10 || !ms[9].Majority[9].Has {
			b.Fatal(len(ms), err)
		}
	}
}

package postgres

import (
	"context"
	"testing"
	"time"

	"kravlistan/survey"
	"kravlistan/survey/internal/storage"
	"kravlistan/survey/postgres/pgtest"
)

// TestMigrateOneAssembly: a campaign of the baseline schema (one assembly in its party
// settings) migrates to one assembly made from those settings; its parties join it with
// their links, answers and follow-ups untouched, and the same short name may then stand
// in a second assembly.
func TestMigrateOneAssembly(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	old, err := openTo(ctx, dsn, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO campaigns (id, slug, state, doc, created_day) VALUES (1, 'demo', 'open', '{}', '2026-01-01'), (2, 'utan', 'open', '{}', '2026-01-01')`,
		`INSERT INTO party_settings (campaign_id, assembly_kind, assembly_seats, published, deadline) VALUES (1, 'kommunfullmaktige', 61, TRUE, '2031-05-01')`,
		`INSERT INTO parties (id, campaign_id, position, short, name, colour, seats, submitted_at) VALUES
			(10, 1, 0, 'S', 'Socialdemokraterna', '#E8112D', 20, '2026-02-01T00:00:00Z'), (11, 1, 1, 'V', 'Vänsterpartiet', '#DA291C', 11, NULL)`,
		`INSERT INTO party_items (id, campaign_id, position, demand_key, title) VALUES (100, 1, 0, 'heltid', 'Heltid')`,
		`INSERT INTO party_answers (party_id, item_id, answer, comment) VALUES (10, 100, 'ja', 'Självklart.')`,
		`INSERT INTO party_links (party_id, token_hash, created_at, expires_at) VALUES (11, '\x0102', '2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z')`,
		`INSERT INTO party_followups (party_id, item_id, status, day) VALUES (10, 100, 'infriat', '2030-01-01')`,
	} {
		if _, err := old.pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()
	st, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var (
		n                 int
		key, name, level  string
		seats, assemblyID int64
	)
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FROM assemblies`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d assemblies, %v (want one: the campaign without parties gets none)", n, err)
	}
	if err := st.pool.QueryRow(ctx, `SELECT id, key, name, level, seats FROM assemblies WHERE campaign_id = 1`).
		Scan(&assemblyID, &key, &name, &level, &seats); err != nil {
		t.Fatal(err)
	}
	if key != "kommun" || name != "Kommunfullmäktige" || level != "kommun" || seats != 61 {
		t.Errorf("assembly %s %s %s %d", key, name, level, seats)
	}
	if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FROM parties WHERE assembly_id = $1`, assemblyID).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d parties in the assembly, %v", n, err)
	}
	for table, want := range map[string]int{"party_answers": 1, "party_links": 1, "party_followups": 1} {
		if err := st.pool.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows, %v", table, n, err)
		}
	}
	if _, err := st.pool.Exec(ctx, `INSERT INTO assemblies (campaign_id, position, key, name, level, seats) VALUES (1, 1, 'region', 'Regionfullmäktige', 'region', 81);
		INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour) SELECT 1, id, 0, 'S', 'Socialdemokraterna', '#E8112D' FROM assemblies WHERE key = 'region'`); err != nil {
		t.Errorf("S in a second assembly: %v", err)
	}
	if _, err := st.pool.Exec(ctx, `INSERT INTO parties (campaign_id, assembly_id, position, short, name, colour) VALUES (1, $1, 5, 'S', 'Dubblett', '#000000')`, assemblyID); err == nil {
		t.Error("a second S in the same assembly")
	}
}

// TestAssemblies: the party methods with two assemblies on PostgreSQL: S and V stand in
// both, a demand put to the municipality only is not in the region's matrix or form,
// each assembly counts its own majority, and a copy for the next election carries both.
func TestAssemblies(t *testing.T) {
	ctx := context.Background()
	st := testStore(t)
	c := survey.Demo()
	c.Demands[0].Assemblies = []string{"kommun"}
	doc, err := storage.EncodeDoc(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.pool.QueryRow(ctx, `INSERT INTO campaigns (slug, state, doc, created_day) VALUES ($1, $2, $3, '2026-03-01') RETURNING id`,
		c.Slug, string(c.State), string(doc)).Scan(&c.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.InitParties(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	set, err := st.PartySettings(ctx, c.ID)
	if err != nil || len(set.Assemblies) != 1 || set.Assemblies[0].Key != "riksdag" || set.Assemblies[0].ID == 0 {
		t.Fatalf("%+v %v", set, err)
	}
	riks := set.Assemblies[0]
	kommun := survey.Assembly{Key: "kommun", Name: "Kommunfullmäktige i Huddinge", Level: survey.LevelKommun, Seats: 61}
	two := []survey.Party{{Short: "S", Name: "Socialdemokraterna", Colour: "#E8112D", Seats: 19}, {Short: "V", Name: "Vänsterpartiet", Colour: "#DA291C", Seats: 12}}
	if err := st.SaveParties(ctx, c.ID, kommun, two, nil); err != nil {
		t.Fatal(err)
	}
	dup := kommun
	dup.Key = "riksdag"
	if err := st.SaveParties(ctx, c.ID, dup, nil, nil); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("a second assembly with a taken key: %v", err)
	}
	set, _ = st.PartySettings(ctx, c.ID)
	if len(set.Assemblies) != 2 || set.Assemblies[1].Key != "kommun" {
		t.Fatalf("%+v", set.Assemblies)
	}
	kommun = set.Assemblies[1]
	if err := st.FreezeList(ctx, c, []survey.ListItem{{DemandKey: c.Demands[0].Key, Title: "Heltid"}, {DemandKey: c.Demands[1].Key, Title: "Visstid"}}); err != nil {
		t.Fatal(err)
	}
	list, _ := st.PartyList(ctx, c.ID)
	if len(list) != 2 || len(list[0].Assemblies) != 1 || list[0].Assemblies[0] != "kommun" || len(list[1].Assemblies) != 0 {
		t.Fatalf("list %+v", list)
	}
	ps, _ := st.Parties(ctx, c.ID)
	if len(ps) != 10 || ps[8].AssemblyID != kommun.ID || ps[8].Short != "S" || ps[0].AssemblyID != riks.ID {
		t.Fatalf("parties %+v", ps)
	}
	// The Riksdag's S may not answer the municipality's demand.
	if _, err := st.SavePartyAnswers(ctx, ps[0].ID, 0, []survey.Answer{{ItemID: list[0].ID, Value: survey.AnswerYes}}, false); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("answering another assembly's demand: %v", err)
	}
	for _, p := range []survey.PartyRow{ps[0], ps[4], ps[8], ps[9]} { // S and V in both
		items := survey.ItemsFor(list, "riksdag")
		if p.AssemblyID == kommun.ID {
			items = list
		}
		ans := make([]survey.Answer, len(items))
		for i, it := range items {
			ans[i] = survey.Answer{ItemID: it.ID, Value: survey.AnswerYes}
		}
		if _, err := st.SavePartyAnswers(ctx, p.ID, 0, ans, true); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := st.PartyMatrices(ctx, c.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d matrices, %v", len(ms), err)
	}
	if len(ms[0].Items) != 1 || ms[0].Majority[0].Seats != 131 || ms[0].Majority[0].Has {
		t.Errorf("the Riksdag: %+v %+v", ms[0].Items, ms[0].Majority)
	}
	if len(ms[1].Items) != 2 || !ms[1].Majority[0].Has || ms[1].Majority[0].Seats != 31 || len(ms[1].Parties) != 2 {
		t.Errorf("the municipality: %+v", ms[1].Majority)
	}
	if _, err := st.CreatePartyLink(ctx, c.ID, ps[8].ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteAssembly(ctx, c.ID, kommun.ID); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("deleting an assembly with answers: %v", err)
	}
	next := survey.Demo()
	next.Slug = "nasta"
	if err := st.pool.QueryRow(ctx, `INSERT INTO campaigns (slug, state, doc, created_day) VALUES ($1, 'draft', $2, '2026-03-01') RETURNING id`,
		next.Slug, string(doc)).Scan(&next.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.CopyParties(ctx, c.ID, next.ID); err != nil {
		t.Fatal(err)
	}
	nset, _ := st.PartySettings(ctx, next.ID)
	nps, _ := st.Parties(ctx, next.ID)
	if len(nset.Assemblies) != 2 || nset.Assemblies[1].Key != "kommun" || nset.Assemblies[1].Seats != 61 || len(nps) != 10 ||
		nps[8].AssemblyID != nset.Assemblies[1].ID || nps[8].Status.SavedAt != nil {
		t.Errorf("copied %+v %+v", nset.Assemblies, nps)
	}
	if err := st.DeleteAssembly(ctx, next.ID, nset.Assemblies[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteAssembly(ctx, next.ID, nset.Assemblies[0].ID); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("deleting the last assembly: %v", err)
	}
}

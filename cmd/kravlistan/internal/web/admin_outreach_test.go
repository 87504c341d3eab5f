package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kravlistan/survey"
)

// setMembers gives the demo's workplaces numbers of members through the workplaces form.
func setMembers(t *testing.T, b *browserClient, members map[string]string) {
	t.Helper()
	form := url.Values{}
	for code, n := range members {
		form.Set("members-"+code, n)
	}
	wantStatus(t, b.post("/admin/campaigns/demo/workplaces/members", form), http.StatusSeeOther)
}

// "members" on a workplace: typed in the workplaces tab (as people write numbers), checked
// with a Swedish message, kept through the campaign file, and read from an uploaded table.
func TestWorkplaceMembers(t *testing.T) {
	_, st, b := organiserServer(t)
	base := "/admin/campaigns/demo/workplaces"
	members := func(code string) int {
		w, _ := storedDoc(t, st, "demo").Workplace(code)
		return w.Members
	}
	t.Run("MembersForm", func(t *testing.T) {
		setMembers(t, b, map[string]string{"sjukhuset": "1 200", "bussdepan": "80"})
		if members("sjukhuset") != 1200 || members("bussdepan") != 80 || members("coop-centrum") != 0 {
			t.Errorf("members %d %d %d", members("sjukhuset"), members("bussdepan"), members("coop-centrum"))
		}
		wantStatus(t, b.get(base), http.StatusOK, `name="members-sjukhuset" value="1200"`, "Spara antal medlemmar")
		rec := b.post(base+"/members", url.Values{"members-sjukhuset": {"-3"}, "members-bussdepan": {"många"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "måste vara ett heltal från 0 till 1000000", `value="många"`, `aria-invalid="true"`)
		if members("sjukhuset") != 1200 || members("bussdepan") != 80 {
			t.Error("a refused form changed the members")
		}
		// Emptied means not known.
		setMembers(t, b, map[string]string{"sjukhuset": "1200", "bussdepan": ""})
		if members("bussdepan") != 0 {
			t.Errorf("emptied: %d", members("bussdepan"))
		}
	})
	t.Run("AddWithMembers", func(t *testing.T) {
		wantStatus(t, b.post(base, url.Values{"name": {"Lagret"}, "members": {"45"}}), http.StatusSeeOther)
		if members("lagret") != 45 {
			t.Errorf("added with %d members", members("lagret"))
		}
		wantStatus(t, b.post(base, url.Values{"name": {"Kontoret"}, "members": {"tolv"}}), http.StatusUnprocessableEntity,
			"måste vara ett heltal", `value="tolv"`)
	})
	t.Run("CampaignFile", func(t *testing.T) {
		rec := b.get("/admin/campaigns/demo/export.json")
		wantStatus(t, rec, http.StatusOK, `"members": 1200`)
		c, err := survey.DecodeCampaign(rec.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		c.Workplaces[0].Members = 333
		var doc strings.Builder
		if err := survey.EncodeCampaign(&doc, c); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, b.upload("/admin/campaigns/demo/file", doc.String(), nil), http.StatusSeeOther)
		if got := members(c.Workplaces[0].Code); got != 333 {
			t.Errorf("after replacing the file: %d", got)
		}
		bad := strings.Replace(doc.String(), `"members": 333`, `"members": -1`, 1)
		wantStatus(t, b.upload("/admin/campaigns/demo/file", bad, nil), http.StatusUnprocessableEntity, "workplaces[0].members")
	})
	t.Run("Upload", func(t *testing.T) {
		kind := url.Values{"kind": {"workplaces"}}
		csv := []byte("Namn;Kod;Medlemmar\nStädet;stadet;1 500\nKöket;koket;\nTvätten;tvatten;några\n")
		rec := uploadFile(b, "/admin/campaigns/demo/upload", "arbetsplatser.csv", csv, kind)
		wantStatus(t, rec, http.StatusUnprocessableEntity, `id="row-4"`, "Medlemmar: måste vara ett heltal")
		csv = []byte("Namn;Kod;Medlemmar\nStädet;stadet;1 500\nKöket;koket;\n")
		rec = uploadFile(b, "/admin/campaigns/demo/upload", "arbetsplatser.csv", csv, kind)
		wantStatus(t, rec, http.StatusOK, `name="members" value="1 500"`)
		form := url.Values{"kind": {"workplaces"}, "line": {"2", "3"}, "key": {"stadet", "koket"}, "name": {"Städet", "Köket"}, "members": {"1 500", ""}}
		wantStatus(t, b.post("/admin/campaigns/demo/upload/confirm", form), http.StatusSeeOther)
		if members("stadet") != 1500 || members("koket") != 0 {
			t.Errorf("uploaded members %d %d", members("stadet"), members("koket"))
		}
	})
}

// rateRow reads a workplace's row of the progress JSON.
func rateRow(t *testing.T, b *browserClient, label string) progressRow {
	t.Helper()
	rec := b.get("/admin/campaigns/demo/progress.json")
	wantStatus(t, rec, http.StatusOK)
	var v progressView
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	for _, s := range v.Sections {
		if s.ID != "wp" {
			continue
		}
		for _, r := range s.Rows {
			if strings.ReplaceAll(r.Label, "\u00ad", "") == label { // soft hyphens (view.Hyphenate)
				return r
			}
		}
	}
	t.Fatalf("no workplace row %q", label)
	return progressRow{}
}

// The response rate per workplace follows the anonymity rules: a workplace under the
// threshold (or hidden beside one) shows no rate, even when its members are known and few,
// so the rate never gives away a small count; a shown rate is the shown (noisy) count over
// the members. "Where to go next" lists the lowest rate first.
func TestResponseRateAnonymity(t *testing.T) {
	_, st, b := organiserServer(t)
	// Threshold 5. Home care has 2 members and 2 answers: 100 % would tell the count.
	setMembers(t, b, map[string]string{"hemtjansten-norr": "2", "sjukhuset": "40", "bussdepan": "10", "verkstaden": "200"})
	submitN(t, st, "demo", 2, "2026-03-02", "hemtjansten-norr", nil)
	submitN(t, st, "demo", 20, "2026-03-02", "sjukhuset", nil)
	submitN(t, st, "demo", 12, "2026-03-03", "bussdepan", nil)
	submitN(t, st, "demo", 6, "2026-03-03", "", nil)

	small := rateRow(t, b, "Hemtjänsten Norr")
	if small.Value != "färre än 5" || small.Rate != "–" || small.Members != "2" {
		t.Errorf("small workplace %+v: want 'färre än 5' and no rate", small)
	}
	pct := regexp.MustCompile(`^(\d+)\x{a0}%$`)
	for label, want := range map[string]struct{ n, members int }{"Universitetssjukhuset, vårdavdelningarna": {20, 40}, "Bussdepån Syd": {12, 10}} {
		r := rateRow(t, b, label)
		shown, err := strconv.Atoi(r.Value)
		if err != nil {
			t.Errorf("%s: count %q", label, r.Value)
			continue
		}
		near(t, label, r.Value, want.n, 5)
		m := pct.FindStringSubmatch(r.Rate)
		if m == nil {
			t.Errorf("%s: rate %q", label, r.Rate)
			continue
		}
		// The rate is the shown count over the members, never the exact one's.
		if got, _ := strconv.Atoi(m[1]); got != (shown*100+want.members/2)/want.members {
			t.Errorf("%s: rate %s%% from shown %d of %d", label, m[1], shown, want.members)
		}
	}
	if r := rateRow(t, b, "Coop Centrum"); r.Members != "" || r.Rate != "" {
		t.Errorf("workplace without members: %+v", r)
	}
	if r := rateRow(t, b, "Verkstaden i hamnen"); r.Value != "0" || r.Rate != "0\u00a0%" {
		t.Errorf("no answers of 200: %+v", r)
	}

	// Where to go next: Verkstaden 0 %, the hospital (50 %), the depot (over 100 %);
	// Hemtjänsten, under 5 answers, is ranked as if it had 2.5, never by its count.
	rec := b.get("/admin/campaigns/demo/progress")
	wantStatus(t, rec, http.StatusOK, "Vart ska vi gå härnäst?", "1 arbetsplatser saknar antal medlemmar")
	body := rec.Body.String()
	i := strings.Index(body, `id="next-list"`)
	if i < 0 {
		t.Fatal("no next list")
	}
	next := strings.ReplaceAll(body[i:], "\u00ad", "")
	order := []string{"Verkstaden i hamnen", "Universitetssjukhuset, vårdavdelningarna", "Bussdepån Syd"}
	last := -1
	for _, name := range order {
		j := strings.Index(next, name)
		if j < last {
			t.Errorf("next list order: %s too early", name)
		}
		last = j
	}
	row := regexp.MustCompile(`(?s)<tr><th scope="row">Hemtjänsten Norr</th>.*?</tr>`).FindString(next)
	if !strings.Contains(row, "färre än 5") || !strings.Contains(row, `<td class="num">–</td>`) || strings.Contains(row, "%") {
		t.Errorf("the next list leaks the small workplace's rate: %s", row)
	}
}

// The visit log: add, list (escaped), change, delete, with Swedish errors beside their
// fields, and no way to reach another campaign's visits.
func TestVisitLog(t *testing.T) {
	_, st, b := organiserServer(t)
	base := "/admin/campaigns/demo/outreach"
	wantStatus(t, b.get(base), http.StatusOK, "Vart ska vi gå härnäst?", "Inga besök inskrivna än.", `value="olle"`)
	evil := `<script>alert("x")</script> & =SUM(A1)`
	rec := b.post(base, url.Values{"workplace": {"sjukhuset"}, "day": {"2026-03-04"}, "kind": {"apt"}, "note": {evil}, "who": {"Anna <b>"}})
	wantStatus(t, rec, http.StatusSeeOther)
	rec = b.get(base + "?ok=visit_added")
	wantStatus(t, rec, http.StatusOK, "Besöket är sparat.", "Arbetsplatsträff (APT)", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; =SUM(A1)", "Anna &lt;b&gt;")
	if strings.Contains(rec.Body.String(), "<script>alert") || strings.Contains(rec.Body.String(), "Anna <b>") {
		t.Fatal("a visit's text is not escaped")
	}
	vs, err := st.Visits(context.Background(), storedDoc(t, st, "demo").ID)
	if err != nil || len(vs) != 1 || vs[0].Note != evil {
		t.Fatalf("stored %+v %v", vs, err)
	}
	id := strconv.FormatInt(vs[0].ID, 10)

	t.Run("Errors", func(t *testing.T) {
		rec := b.post(base, url.Values{"workplace": {"finns-inte"}, "day": {"4 mars"}, "kind": {"fika"}, "note": {"kvar"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "okänd arbetsplats", "måste vara ett datum som 2027-03-01", "välj vad ni gjorde", ">kvar</textarea>")
		rec = b.post(base, url.Values{"workplace": {""}, "day": {""}, "kind": {"apt"}, "note": {strings.Repeat("x", survey.MaxVisitNote+1)}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "måste fyllas i", "får vara högst 2000 tecken")
	})
	t.Run("Edit", func(t *testing.T) {
		wantStatus(t, b.get(base+"/visits/"+id), http.StatusOK, "Ändra besök", "&lt;script&gt;")
		rec := b.post(base+"/visits/"+id, url.Values{"workplace": {"bussdepan"}, "day": {"2026-03-05"}, "kind": {"telefon"}, "note": {"Ringde 12"}, "who": {"Anna"}})
		wantStatus(t, rec, http.StatusSeeOther)
		wantStatus(t, b.get(base), http.StatusOK, "Ringde 12", "Ringde medlemmar", "2026-03-05")
		wantStatus(t, b.post(base+"/visits/"+id, url.Values{"workplace": {"bussdepan"}, "day": {"igår"}, "kind": {"telefon"}}),
			http.StatusUnprocessableEntity, "datum")
	})
	t.Run("Effect", func(t *testing.T) {
		submitN(t, st, "demo", 3, "2026-03-05", "", nil)
		body := b.get(base).Body.String()
		if !regexp.MustCompile(`<th scope="row">2026-03-05</th><td class="num">3</td><td class="num">1</td>`).MatchString(body) {
			t.Errorf("answers and visits of the day not shown side by side")
		}
	})
	t.Run("OtherCampaign", func(t *testing.T) {
		// A visit id is only found within its own campaign.
		other := survey.Demo()
		other.Slug = "annan"
		if err := st.CreateCampaign(context.Background(), other); err != nil {
			t.Fatal(err)
		}
		grant(t, st, "olle", "annan")
		wantStatus(t, b.get("/admin/campaigns/annan/outreach/visits/"+id), http.StatusNotFound)
		wantStatus(t, b.post("/admin/campaigns/annan/outreach/visits/"+id+"/delete", url.Values{}), http.StatusNotFound)
	})
	t.Run("Delete", func(t *testing.T) {
		wantStatus(t, b.post(base+"/visits/"+id+"/delete", url.Values{}), http.StatusSeeOther)
		wantStatus(t, b.get(base), http.StatusOK, "Inga besök inskrivna än.")
		wantStatus(t, b.post(base+"/visits/"+id+"/delete", url.Values{}), http.StatusNotFound)
	})
}

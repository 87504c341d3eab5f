package survey

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// intakeSet is a realistic inbox: proposals as clubs and members write them, in groups
// that say the same thing in other words, and singletons.
var intakeSet = []SimilarText{
	{ID: "heltid1", Title: "Heltid som norm", Body: "Alla anställda i kommunen ska erbjudas heltid. Deltid ska vara ett val."},
	{ID: "heltid2", Title: "Rätt till heltid", Body: "Ofrivillig deltid gör att många inte kan försörja sig."},
	{ID: "heltid3", Title: "Heltid åt alla i kommunen", Body: ""},
	{ID: "heltid4", Title: "Heltidstjänster inom äldreomsorgen", Body: "Undersköterskor ska få heltidstjänster i stället för timanställningar."},
	{ID: "skola1", Title: "Mindre barngrupper i förskolan", Body: "Barngrupperna är för stora och personalen räcker inte till."},
	{ID: "skola2", Title: "Minska barngrupperna", Body: "Max 15 barn per grupp i förskolan."},
	{ID: "buss1", Title: "Gratis kollektivtrafik för unga", Body: "Unga under 20 ska åka buss gratis."},
	{ID: "buss2", Title: "Avgiftsfri kollektivtrafik", Body: "Kollektivtrafiken ska vara gratis för alla."},
	{ID: "buss3", Title: "Billigare busskort", Body: "Månadskortet kostar för mycket för den som pendlar."},
	{ID: "vard1", Title: "Fler undersköterskor i hemtjänsten", Body: "Bemanningen räcker inte."},
	{ID: "vard2", Title: "Bättre bemanning i vården", Body: "Grundbemanningen i vården måste höjas så att personalen hinner med."},
	{ID: "polis", Title: "Fler poliser i kommunen", Body: "Tryggheten i centrum måste öka."},
	{ID: "bostad", Title: "Bygg fler hyresrätter", Body: "Det behövs bostäder som vanliga löntagare har råd med."},
	{ID: "upphandling", Title: "Kollektivavtal vid offentlig upphandling", Body: "Kommunen ska kräva kollektivavtalsenliga villkor av leverantörerna."},
	{ID: "arbetsmiljo", Title: "Bättre arbetsmiljö på byggena", Body: "Fler skyddsombud och fler arbetsmiljöinspektioner."},
	{ID: "lon", Title: "Höj lönerna i välfärden", Body: "Lönerna för undersköterskor och barnskötare måste upp."},
	{ID: "akassa", Title: "En a-kassa som går att leva på", Body: "Höj taket i a-kassan."},
	{ID: "akassa2", Title: "Höj taket i arbetslöshetsförsäkringen", Body: "Ersättningen ska vara 80 procent av lönen."},
}

func TestSimilarSwedish(t *testing.T) {
	pairs := Similar(intakeSet)
	got := map[[2]string]bool{}
	for _, p := range pairs {
		a, b := intakeSet[p.A].ID, intakeSet[p.B].ID
		got[[2]string{a, b}], got[[2]string{b, a}] = true, true
		t.Logf("%.2f %s / %s", p.Score, a, b)
	}
	want := [][2]string{{"heltid1", "heltid2"}, {"heltid1", "heltid3"}, {"heltid2", "heltid3"}, {"heltid3", "heltid4"},
		{"skola1", "skola2"}, {"buss1", "buss2"}}
	for _, w := range want {
		if !got[w] {
			t.Errorf("%s and %s not suggested as near-duplicates", w[0], w[1])
		}
	}
	group := func(id string) string { return id[:3] }
	for _, p := range pairs {
		a, b := intakeSet[p.A].ID, intakeSet[p.B].ID
		if group(a) != group(b) {
			t.Errorf("%s and %s suggested as near-duplicates (score %.2f), but they say different things", a, b, p.Score)
		}
	}
}

// BenchmarkSimilar measures the suggestions over a large inbox: 2,000 proposals with titles
// of three words and explanations of ten, drawn (Zipf-like, so some words are common) from
// a vocabulary of 1,500 words, and the realistic set above mixed in.
func BenchmarkSimilar(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	zipf := rand.NewZipf(rng, 1.2, 4, 1499)
	word := func() string { return "ord" + strconv.Itoa(int(zipf.Uint64())) + "ning" }
	phrase := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = word()
		}
		return strings.Join(w, " ")
	}
	texts := append([]SimilarText(nil), intakeSet...)
	for len(texts) < 2000 {
		texts = append(texts, SimilarText{ID: strconv.Itoa(len(texts)), Title: phrase(3), Body: phrase(10)})
	}
	b.ResetTimer()
	pairs := 0
	for range b.N {
		pairs = len(Similar(texts))
	}
	b.ReportMetric(float64(pairs), "pairs")
}

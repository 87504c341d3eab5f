package report

import "strconv"

// The cell key method (Thompson, Broadfoot & Elazar 2013, as in the Australian Bureau of
// Statistics' TableBuilder and the UK's 2021 Census; the Destatis variant is described by
// Giessing & Tent 2019) protects every figure about a group of members:
//
//   - each stored response carries a random record key, a uniform uint32 that nobody who
//     reads the results ever sees;
//   - a cell's key is the sum of its records' keys modulo 2^32, so the same set of
//     responses always has the same key and any other set an unrelated one;
//   - a fixed perturbation table maps (cell count, position given by the cell key) to a
//     small noise value that is added to the count.
//
// The same group therefore always shows the same figures (asking again teaches nothing),
// while two groups that differ by one member (workplace A and union K, or the same
// workplace before and after one more answer) get independent noise, so their difference
// is the member's ballot plus noise, never the ballot itself.
//
// Our cell is the group (the responses of one workplace, one option, or "Övriga"); every
// figure of the group (responses, and per demand picks, first choices, Borda points and the
// pairwise counts) reads the table at its own position, derived from the group's cell key
// and the figure's name by a mixing function. ABS and ONS key each table cell by its own
// records instead; with a ranked ballot that would make a demand the member did not pick
// show exactly the same figure in both groups (same records, same key), and the pattern of
// unchanged figures would reveal the ballot. Keying by the group makes every figure of a
// different group independent.
//
// The table (see countNoise) is unbiased, moves a count by at most MaxNoise, never shows a
// count from 1 to k−1 exactly (k: the anonymity threshold) and keeps zero at zero (a demand
// nobody in the group picked). Borda points are a magnitude: their noise is the count noise
// scaled by max_picks plus a spread over the points in between, so that the remainder of a
// difference cannot tell a ballot's points either (see bordaNoise).

// MaxNoise is the largest change the perturbation table makes to a count.
const MaxNoise = 2

// The rows of the perturbation table.
const (
	rowOne   = iota // the count 1, which can only move down to 0
	rowSmall        // 2 … k−1: never shown exactly
	rowLarge        // k and above
)

// tableRow returns a row of the perturbation table: the probabilities in per mille of the
// noise −2, −1, 0, +1, +2. Every row has mean 0; the variances are 1.3 (one), 2.2 (small)
// and 1.2 (large).
func tableRow(r int) [5]uint16 {
	switch r {
	case rowOne:
		return [5]uint16{0, 550, 0, 350, 100}
	case rowSmall:
		return [5]uint16{200, 300, 0, 300, 200}
	}
	return [5]uint16{100, 200, 400, 200, 100}
}

// countNoise returns the noise the table gives a count n (n ≥ 0) at position u, for
// anonymity threshold k. The result never takes the count below 0.
func countNoise(n, k int, u uint32) int {
	var row [5]uint16
	switch {
	case n <= 0:
		return 0
	case n == 1:
		row = tableRow(rowOne)
	case n == 2 || n < k:
		row = tableRow(rowSmall)
	default:
		row = tableRow(rowLarge)
	}
	// u spread over [0, 1000): the table's rows are in per mille.
	p := uint16(uint64(u) * 1000 >> 32)
	var cum uint16
	for i, w := range row {
		cum += w
		if p < cum {
			return i - MaxNoise
		}
	}
	return MaxNoise
}

// PerturbCount returns the count a group of n responses with cell key ck is shown with
// (threshold k). It is the figure "responses" of a breakdown group, so the progress page
// and the report show the same number for the same responses.
func PerturbCount(n, k int, ck uint32) int {
	shown := n + countNoise(n, k, position(ck, figResponses, 0, 0, 0))
	if n >= k {
		shown = max(shown, k)
	}
	return shown
}

// The figures of a group, each reading the table at its own position.
const (
	figResponses = iota
	figPicks
	figFirsts
	figBorda
	figBordaSpread
	figWins
	figDist
	figAreas
)

// position mixes a cell key with a figure's name (kind, demand a, demand b) and a salt
// (see Tally.fill; usually 0) into a position in the table (SplitMix64's finaliser: every
// input bit moves every output bit).
func position(ck uint32, kind, a, b, salt int) uint32 {
	x := uint64(ck)<<32 ^ uint64(salt)<<29 ^ uint64(kind)<<26 ^ uint64(a)<<13 ^ uint64(b)
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	x ^= x >> 31
	return uint32(x >> 32)
}

// bordaNoise is the noise of the Borda points of a demand picked n times in the group: the
// count noise of n times m (max picks: one ballot gives a demand 1 to m points) plus a
// spread from −(m−1)/2 to m/2, so every remainder modulo m is possible. It is never zero
// when n is from 1 to k−1, and at most MaxNoise·m + m/2 in size.
func bordaNoise(n, k, m int, ck uint32, a, salt int) int {
	if n <= 0 || m <= 0 {
		return 0
	}
	e := countNoise(n, k, position(ck, figBorda, a, 0, salt))
	j := int(position(ck, figBordaSpread, a, 0, salt)%uint32(m)) - (m-1)/2
	return e*m + j
}

// MaxBordaNoise is the largest change of a group's Borda points before they are kept
// within what the shown picks allow, with max picks m.
func MaxBordaNoise(m int) int { return MaxNoise*m + m/2 }

// protect returns the counts of a group as shown: every figure perturbed by the cell key
// method, then kept consistent (picks at most the responses, first choices at most the
// picks, Borda points between 1 and m per pick), the rating distribution cell by cell, and
// the pairwise matrix of the group made the same way. k is the anonymity threshold and m the campaign's max picks.
func (c *counts) protect(k, m, salt int) (*counts, [][]int) {
	d := len(c.picks)
	points := 0
	if d > 0 {
		points = len(c.dist) / d
	}
	p := newCounts(d, points, len(c.areas))
	p.key = c.key
	p.n = max(0, c.n+countNoise(c.n, k, position(c.key, figResponses, 0, 0, salt)))
	if c.n >= k {
		// A shown group never reads as smaller than the threshold under which groups are
		// hidden: that would confuse readers and tells nothing (the group is shown).
		p.n = max(p.n, k)
	}
	for a := range d {
		picks := c.picks[a] + countNoise(c.picks[a], k, position(c.key, figPicks, a, 0, salt))
		picks = min(max(picks, 0), p.n)
		firsts := c.firsts[a] + countNoise(c.firsts[a], k, position(c.key, figFirsts, a, 0, salt))
		firsts = min(max(firsts, 0), picks)
		borda := 0
		if c.borda[a] > 0 {
			borda = c.borda[a] + bordaNoise(c.picks[a], k, m, c.key, a, salt)
		}
		borda = min(max(borda, picks), m*picks)
		p.picks[a], p.firsts[a], p.borda[a] = picks, firsts, borda
		// The mean place follows from the points: a pick at place r gives m+1−r points.
		p.rankSum[a] = (m+1)*picks - borda
	}
	// Ratings: every cell of every demand's distribution is a count; the number who rated,
	// mean, median and top box derive from the perturbed distribution.
	for i, x := range c.dist {
		p.dist[i] = max(0, x+countNoise(x, k, position(c.key, figDist, i/points, i%points, salt)))
	}
	// Members who picked at least one demand of each area: counts like any other.
	for i, x := range c.areas {
		p.areas[i] = min(max(0, x+countNoise(x, k, position(c.key, figAreas, i, 0, salt))), p.n)
	}
	exact := c.wins()
	wins := make([][]int, d)
	for a := range wins {
		wins[a] = make([]int, d)
		for b := range wins[a] {
			if a == b {
				continue
			}
			w := exact[a][b] + countNoise(exact[a][b], k, position(c.key, figWins, a, b, salt))
			wins[a][b] = min(max(w, 0), p.picks[a])
		}
	}
	return p, wins
}

// RatingNoiseExplanation is NoiseExplanation for a campaign whose members rate the demands.
func RatingNoiseExplanation() string {
	return "För att skydda medlemmarna är siffrorna för varje grupp (arbetsplats, förbund och andra bakgrundsfrågor) " +
		"lätt slumpade: varje antal i fördelningen av betyg avviker med högst " + strconv.Itoa(MaxNoise) + " från det verkliga. " +
		"Samma grupp visar alltid samma siffror, så ingen kan räkna fram en enskild medlems svar genom att jämföra grupper " +
		"eller rapporter. Antal mellan 1 och gränsen för anonymitet visas aldrig exakt. Medelbetyg, median, andelar och " +
		"intervall inom grupperna räknas från de slumpade antalen. Kampanjens samlade resultat är exakt."
}

// NoiseExplanation explains in plain Swedish that group figures are slightly randomised to
// protect members, and by at most how much, for a campaign with max picks m.
func NoiseExplanation(m int) string {
	return "För att skydda medlemmarna är siffrorna för varje grupp (arbetsplats, förbund och andra bakgrundsfrågor) " +
		"lätt slumpade: ett antal avviker med högst " + strconv.Itoa(MaxNoise) + " från det verkliga och Bordapoängen med högst " +
		strconv.Itoa(MaxBordaNoise(m)) + ". Samma grupp visar alltid samma siffror, så ingen kan räkna fram en enskild " +
		"medlems svar genom att jämföra grupper eller rapporter. Antal mellan 1 och gränsen för anonymitet visas aldrig exakt. " +
		"Andelar, intervall och placeringar inom grupperna räknas från de slumpade antalen. Kampanjens samlade resultat är exakt."
}

// GroupCount is one group of a table of counts (the progress page's workplaces, or the
// answers to one background question): how many responses it has and their cell key.
type GroupCount struct {
	N   int
	Key uint32
}

// ProtectGroups applies the report's rules to one table of group counts: groups are
// suppressed as in a breakdown (Suppress: under the threshold k, plus the smallest others
// until the hidden ones together reach k), and every shown count is perturbed by the cell
// key method (PerturbCount), so it equals the size the report shows for the same responses.
// shown[i] is −1 for a hidden group.
func ProtectGroups(groups []GroupCount, k int) []int {
	sizes := make([]int, len(groups))
	for i, g := range groups {
		sizes[i] = g.N
	}
	hidden := Suppress(sizes, k)
	shown := make([]int, len(groups))
	for i, g := range groups {
		if hidden[i] {
			shown[i] = -1
		} else {
			shown[i] = PerturbCount(g.N, k, g.Key)
		}
	}
	return shown
}

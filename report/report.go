// Package report counts a campaign's ballots into results: pure functions from a campaign
// and its responses to rankings, intervals, pairwise comparisons and breakdowns with
// suppression of small groups, plus writers of those results to an io.Writer (CSV).
// It never touches SQL or HTTP.
package report

import (
	"strconv"
	"time"

	"kravlistan/survey"
)

// Results is the report document (JSON).
type Results struct {
	Campaign  string `json:"campaign"`
	Title     string `json:"title"`
	Responses int    `json:"responses"`
	// Channels is how many of the responses came by each channel, exactly.
	Channels Channels      `json:"channels"`
	Method   survey.Method `json:"method"`
	// Ballot is rank or rate; Scale is the rating scale (rating ballots only), so that a
	// demand's distribution can be read: distribution[i] counts the ratings Scale.Min+i.
	Ballot survey.BallotKind `json:"ballot"`
	Scale  *survey.Scale     `json:"scale,omitempty"`
	// TieBreak says in plain Swedish how ties are broken, so the document explains itself.
	TieBreak string `json:"tie_break"`
	// Protection says in plain Swedish that group figures are slightly randomised to
	// protect members, and by at most how much (NoiseExplanation).
	Protection string `json:"protection"`
	// Access says who could answer (open link or one-time codes) and, with codes, how many
	// were issued and used.
	Access      *Access        `json:"access,omitempty"`
	GeneratedAt time.Time      `json:"generated_at"`
	Demands     []DemandResult `json:"demands"`
	// Areas summarises the results by policy area: how many members picked at least one
	// demand of each area (ranking ballots; see areas.go).
	Areas []AreaResult `json:"areas"`
	// Provenance is what the whole list is built from (the intake round; see
	// AddProvenance): absent when no proposal was merged into a demand.
	Provenance *survey.Provenance `json:"provenance,omitempty"`
	// Pairwise[a][b] is the number of ballots that rank demand a above demand b.
	Pairwise   map[string]map[string]int `json:"pairwise"`
	Breakdowns []Breakdown               `json:"breakdowns"`
}

// DemandResult holds every measure of one demand, overall or within one group.
type DemandResult struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Area  string `json:"area"`
	// Rank is the place in the headline order (1 = first) by the campaign's method.
	Rank  int     `json:"rank"`
	Picks int     `json:"picks"`
	Share float64 `json:"share"`
	// ShareCI is the 95 % Wilson interval of Share; null when there are no ballots.
	ShareCI      *[2]float64 `json:"share_ci"`
	FirstChoices int         `json:"first_choices"`
	Borda        int         `json:"borda"`
	// MeanRank is the mean place among the ballots that picked the demand; null when none did.
	MeanRank    *float64 `json:"mean_rank"`
	SchulzeRank int      `json:"schulze_rank"`
	// Ratings holds the measures of a rating ballot; absent for ranking ballots.
	Ratings *RatingResult `json:"ratings,omitempty"`
	// Provenance is where the demand came from: the proposals merged into it (see
	// AddProvenance). Set on the campaign-wide demands, absent in breakdown groups.
	Provenance *survey.Provenance `json:"provenance,omitempty"`
}

// Breakdown is the results per group of one background question ("by" is its key) or of
// the workplaces ("by" is "workplace").
type Breakdown struct {
	By     string  `json:"by"`
	Groups []Group `json:"groups"`
}

// The keys of the groups that are not an option or a workplace. They start with "_", which
// no campaign key can, so they never clash with one.
const (
	ByWorkplace = "workplace"
	KeyNone     = "_none"  // "Ej angett": the member did not answer
	KeyOther    = "_other" // "Övriga": the suppressed groups folded together
)

// The labels of the groups that are not an option or a workplace.
const (
	LabelNone  = "Ej angett"
	LabelOther = "Övriga"
)

// Group is one group of a breakdown. A suppressed group carries no counts: its ballots are
// counted in the group KeyOther.
type Group struct {
	Key        string         `json:"key"`
	Label      string         `json:"label"`
	Responses  *int           `json:"responses,omitempty"`
	Suppressed bool           `json:"suppressed"`
	Demands    []DemandResult `json:"demands,omitempty"`
	Areas      []AreaResult   `json:"areas,omitempty"`
}

// MethodName returns the Swedish name of a counting method.
func MethodName(m survey.Method) string {
	switch m {
	case survey.MethodPicks:
		return "Antal val"
	case survey.MethodSchulze:
		return "Schulzes metod"
	case survey.MethodMean:
		return "Medelbetyg"
	case survey.MethodTopBox:
		return "Andel höga betyg"
	default:
		return "Bordapoäng"
	}
}

// MethodExplanation explains in plain Swedish how the headline order was counted.
func MethodExplanation(m survey.Method, maxPicks int) string {
	switch m {
	case survey.MethodPicks:
		return "Kraven är ordnade efter hur många medlemmar som valde dem, oavsett plats i rangordningen."
	case survey.MethodSchulze:
		return "Kraven är ordnade med Schulzes metod: varje par av krav jämförs efter hur många som satte det ena " +
			"före det andra (ett valt krav står före alla ovalda), och den starkaste kedjan av sådana segrar avgör."
	case survey.MethodMean:
		return "Kraven är ordnade efter medelbetyget: summan av betygen delad med antalet som betygsatte kravet."
	case survey.MethodTopBox:
		return "Kraven är ordnade efter andelen av dem som betygsatte kravet som gav ett av de högsta betygen."
	default:
		return "Kraven är ordnade efter Bordapoäng: ett krav på plats 1 får " + strconv.Itoa(maxPicks) + " poäng, plats 2 får " +
			strconv.Itoa(maxPicks-1) + " och så vidare; ett krav som inte valts får 0 poäng. Poängen summeras över alla svar."
	}
}

// TieBreak is TieBreakRule, kept for callers of the old name: every output words the
// tie-break the same way.
//
// Deprecated: use TieBreakRule.
const TieBreak = TieBreakRule

// ShareExplanation explains the share and its interval in Swedish.
const ShareExplanation = "Andel = andel av alla svar som valde kravet. Intervallet är ett 95-procentigt konfidensintervall (Wilson)."

// SuppressionExplanation explains in Swedish how small groups are hidden.
func SuppressionExplanation(threshold int) string {
	return "Grupper med färre än " + strconv.Itoa(threshold) + " svar visas inte utan räknas samman i gruppen \"Övriga\". " +
		"Om bara en grupp skulle döljas döljs även den näst minsta, så att ingen liten grupp kan räknas fram genom subtraktion."
}

// TieBreakRule is the tie-break sentence every report carries (JSON tie_break, the Excel
// summary and ranking, the ranking CSV): the one wording of the rule.
const TieBreakRule = "Lika resultat, också lika platser i Schulzemetoden, avgörs av antal val, " +
	"sedan antal förstahandsval och sist kravets plats i kampanjen, så att samma svar alltid ger samma rapport."

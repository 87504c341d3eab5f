package storage

// How both stores keep a response in a row: the ranking as demand keys joined by ",", the
// background answers and the ratings as "key=value" pairs sorted by key and joined by
// "&", and a random record key for the cell key method; the counts they make from grouped
// rows; the code hash; the checks and errors of their submission, code and proposal
// paths; and the paper batch's columns.

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"kravlistan/survey"

	"github.com/google/uuid"
)

// EncodeRanking stores a ranking as its demand keys joined by "," (keys hold no comma).
func EncodeRanking(ranking []string) string { return strings.Join(ranking, ",") }

// DecodeRanking reads what EncodeRanking wrote; "" is an empty ranking, never nil.
func DecodeRanking(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// EncodeBackground stores background answers as "question=option" pairs sorted by
// question, joined by "&"; no answers give "".
func EncodeBackground(bg map[string]string) string {
	if len(bg) == 0 {
		return ""
	}
	keys := make([]string, 0, len(bg))
	for k := range bg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(bg[k])
	}
	return b.String()
}

// DecodeBackground reads what EncodeBackground wrote; "" gives nil.
func DecodeBackground(s string) map[string]string {
	if s == "" {
		return nil
	}
	m := map[string]string{}
	decodeBackgroundInto(s, m)
	return m
}

func decodeBackgroundInto(s string, m map[string]string) {
	for kv := range strings.SplitSeq(s, "&") {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
}

// EncodeRatings stores ratings as "demand=score" pairs sorted by demand key, joined by
// "&" (demand keys hold neither character); no ratings give "".
func EncodeRatings(rt map[string]int) string {
	if len(rt) == 0 {
		return ""
	}
	keys := make([]string, 0, len(rt))
	for k := range rt {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := make([]byte, 0, len(keys)*16)
	for i, k := range keys {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, k...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(rt[k]), 10)
	}
	return string(b)
}

// DecodeRatings reads what EncodeRatings wrote into m (a new map when m is nil) and
// returns it, or nil for "".
func DecodeRatings(s string, m map[string]int) (map[string]int, error) {
	if len(s) == 0 {
		return nil, nil
	}
	if m == nil {
		m = map[string]int{}
	}
	for kv := range strings.SplitSeq(s, "&") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil {
			return nil, fmt.Errorf("bad rating %q", kv)
		}
		m[k] = n
	}
	return m, nil
}

// NewRecordKey draws a response's record key for the cell key method. math/rand/v2's
// global generator is ChaCha8, seeded from the operating system: nobody can predict it.
func NewRecordKey() int64 { return int64(rand.Uint32()) }

// Decoder fills a reused Response from a stored row's columns, reusing its slices and
// maps between rows (a walk over a million responses allocates little).
type Decoder struct {
	bg map[string]string
	rt map[string]int
}

// Decode sets r's ranking, background and ratings from their stored forms. The maps it
// sets are r's until the next call.
func (d *Decoder) Decode(r *survey.Response, ranking, background, ratings string) error {
	if d.bg == nil {
		d.bg, d.rt = map[string]string{}, map[string]int{}
	}
	r.Ranking = r.Ranking[:0]
	if len(ranking) > 0 {
		r.Ranking = append(r.Ranking, strings.Split(ranking, ",")...)
	}
	clear(d.bg)
	r.Background = nil
	if len(background) > 0 {
		decodeBackgroundInto(background, d.bg)
		r.Background = d.bg
	}
	clear(d.rt)
	var err error
	if r.Ratings, err = DecodeRatings(ratings, d.rt); err != nil {
		return fmt.Errorf("stored response %s: %w", r.ID, err)
	}
	return nil
}

// ErrIDConflict is the error of a response whose id is stored already with other content.
func ErrIDConflict() error {
	return &survey.Error{Code: survey.ECONFLICT, Key: "id_conflict", Message: survey.Message("sv", "id_conflict"),
		Fields: []survey.FieldError{{Field: "id", Code: "id_conflict"}}}
}

// BallotError names the ballot (by index) a paper batch's commit failed on.
func BallotError(i int, err error) error {
	var e *survey.Error
	if !errors.As(err, &e) {
		return err
	}
	cp := *e
	cp.Fields = []survey.FieldError{{Field: fmt.Sprintf("ballot[%d]", i), Code: e.Key, Args: e.Args}}
	return &cp
}

// AnswerCounts splits counts by whole background string ("q=o&q2=o2", as both stores
// group them: one row per combination) into counts per question and option, each
// question with its skipped group ("") of the total that did not answer it. Without cell
// keys: for live counts.
func AnswerCounts(combos []survey.Count, total int) map[string][]survey.Count {
	out := map[string][]survey.Count{}
	for q, m := range answerSums(combos) {
		answered := 0
		for o, x := range m {
			out[q] = append(out[q], survey.Count{Key: o, N: x.N})
			answered += x.N
		}
		if skipped := total - answered; skipped > 0 {
			out[q] = append(out[q], survey.Count{Key: "", N: skipped})
		}
	}
	return out
}

// AnswerCountsKeyed is AnswerCounts with the cell keys of the combinations summed into
// each group, for the questions qs only; counted and allKeys are the number and the
// summed cell keys of every response counted, from which the skipped group's come.
func AnswerCountsKeyed(combos []survey.Count, qs []survey.Question, counted int, allKeys uint32) map[string][]survey.Count {
	out := map[string][]survey.Count{}
	sums := answerSums(combos)
	for _, q := range qs {
		answered, keys := 0, uint32(0)
		for o, x := range sums[q.Key] {
			out[q.Key] = append(out[q.Key], survey.Count{Key: o, N: x.N, CellKey: x.CellKey})
			answered += x.N
			keys += x.CellKey
		}
		if skipped := counted - answered; skipped > 0 {
			out[q.Key] = append(out[q.Key], survey.Count{Key: "", N: skipped, CellKey: allKeys - keys})
		}
	}
	return out
}

// answerSums adds the combinations up by question and option.
func answerSums(combos []survey.Count) map[string]map[string]*survey.Count {
	sums := map[string]map[string]*survey.Count{}
	for _, cb := range combos {
		if cb.Key == "" {
			continue
		}
		for kv := range strings.SplitSeq(cb.Key, "&") {
			q, o, _ := strings.Cut(kv, "=")
			if sums[q] == nil {
				sums[q] = map[string]*survey.Count{}
			}
			if sums[q][o] == nil {
				sums[q][o] = &survey.Count{}
			}
			sums[q][o].N += cb.N
			sums[q][o].CellKey += cb.CellKey
		}
	}
	return sums
}

// ClearCellKeys zeroes the cell keys of p's groups: raw live counts carry none (ProgressAt
// does).
func ClearCellKeys(p *survey.Progress) {
	for _, cs := range [][]survey.Count{p.ByWorkplace, p.ByChannel} {
		for i := range cs {
			cs[i].CellKey = 0
		}
	}
	for _, cs := range p.ByAnswer {
		for i := range cs {
			cs[i].CellKey = 0
		}
	}
}

// codeHashLen is how many bytes of a code's HMAC a store keeps: 128 bits, far more than
// the 40 bits of a code, so two codes never share a hash in practice.
const codeHashLen = 16

// CodeHash is the form in which a store keeps a one-time code (canonical form) of a
// campaign with the given secret: a keyed hash, never the code.
func CodeHash(secret []byte, code string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(code))
	return m.Sum(nil)[:codeHashLen]
}

// HashTypedCode returns the stored form of a code as typed, or ErrCodeUnknown when it is
// not a well-formed code or secret (the campaign's code secret, asked for only then)
// returns nil: the campaign has never issued one.
func HashTypedCode(typed string, secret func() ([]byte, error)) ([]byte, error) {
	code, ok := survey.NormalizeCode(typed)
	if !ok {
		return nil, survey.ErrCodeUnknown
	}
	key, err := secret()
	if err != nil {
		return nil, err
	} else if key == nil {
		return nil, survey.ErrCodeUnknown
	}
	return CodeHash(key, code), nil
}

// CheckCodeBatch refuses a batch of n codes outside 1 … survey.MaxCodeBatch.
func CheckCodeBatch(n int) error {
	if n < 1 || n > survey.MaxCodeBatch {
		return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "bad_range", 1, survey.MaxCodeBatch),
			Fields: []survey.FieldError{{Field: "n", Code: "bad_range", Args: []any{1, survey.MaxCodeBatch}}}}
	}
	return nil
}

// CheckMerge checks a merge of the proposals ids into the demand key of c
// (MergeProposals) before anything is written.
func CheckMerge(c *survey.Campaign, ids []uuid.UUID, key string) error {
	if err := survey.CheckProposalIDs(ids); err != nil {
		return err
	}
	if _, ok := c.Demand(key); !ok {
		return &survey.Error{Code: survey.EINVALID, Message: survey.Message("sv", "unknown_demand", key), Key: "unknown_demand",
			Args: []any{key}, Fields: []survey.FieldError{{Field: "demand", Code: "unknown_demand", Args: []any{key}}}}
	}
	return nil
}

// AsideReason checks the proposals ids and the reason they are set aside for
// (SetProposalsAside) and returns the reason trimmed.
func AsideReason(ids []uuid.UUID, reason string) (string, error) {
	if err := survey.CheckProposalIDs(ids); err != nil {
		return "", err
	}
	reason = strings.TrimSpace(reason)
	return reason, survey.CheckAsideReason(reason)
}

// PaperBatchCols are the columns of a paper batch (table paper_batches as b) that
// ScanPaperBatch reads, with how many lines each pass has.
const PaperBatchCols = `b.id, b.workplace, b.channel, b.cover, b.double, b.day, COALESCE(b.typist1, 0), COALESCE(b.typist2, 0),
	b.committed, b.stored,
	(SELECT COUNT(*) FROM paper_lines l WHERE l.batch_id = b.id AND l.pass = 0),
	(SELECT COUNT(*) FROM paper_lines l WHERE l.batch_id = b.id AND l.pass = 1)`

// ScanPaperBatch scans PaperBatchCols.
func ScanPaperBatch(sc Scanner) (*survey.PaperBatch, error) {
	var b survey.PaperBatch
	var ch string
	if err := sc.Scan(&b.ID, &b.Workplace, &ch, &b.Cover, &b.Double, &b.Day, &b.Typist[0], &b.Typist[1],
		&b.Committed, &b.Stored, &b.Typed[0], &b.Typed[1]); err != nil {
		return nil, err
	}
	b.Channel = survey.Channel(ch)
	return &b, nil
}

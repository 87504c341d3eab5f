package web

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// Typing in piles of paper ballots (issue 13 part 2), keyboard first. An organiser opens a
// batch for a pile (workplace, the count on its cover, single or double entry) and types
// each ballot as one line ("3 7 1 / 2 - 1", survey.ParseEntry): Enter shows the ballot as
// read, with the member form's rules and messages, and Enter again saves it. With double
// entry a second account types the same pile without seeing the first pass; when both
// passes hold the cover's count they are compared ballot by ballot and mismatches are shown
// side by side, each with a field for what the paper says. Only a batch whose passes agree
// and whose count is the cover's can be counted: then its responses are stored (channel
// paper, or phone for call sheets), all in one transaction, and the typed lines and who
// typed them are deleted (survey.PaperStore). Typed content is never logged.

// maxCover bounds the count on a batch's cover.
const maxCover = 2000

// batchesPage is the data of static/tmpl/admin_paper_batches.html.
type batchesPage struct {
	adminPage
	Base    string
	Batches []paperBatchRow
	// The new-batch form.
	Workplace, Cover, Channel string
	Double                    bool
}

type paperBatchRow struct {
	survey.PaperBatch
	WorkplaceName string
}

// handleBatches serves GET /admin/campaigns/{slug}/paper/batches.
func handleBatches(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := batchesPage{adminPage: newCampaignPage(v, c, camp, "reports"), Base: "/admin/campaigns/" + camp.Slug + "/paper/batches",
			Channel: string(survey.ChannelPaper)}
		return renderBatches(st, v, c, camp, http.StatusOK, p)
	}
}

func renderBatches(st survey.Store, v *view.Engine, c echo.Context, camp *survey.Campaign, status int, p batchesPage) error {
	bs, err := st.PaperBatches(c.Request().Context(), camp.ID)
	if err != nil {
		return err
	}
	for _, b := range bs {
		p.Batches = append(p.Batches, paperBatchRow{PaperBatch: b, WorkplaceName: workplaceName(v, p.Lang, camp, b.Workplace)})
	}
	return adminRender(v, c, status, "admin_paper_batches", p)
}

// handleBatchCreate takes POST /admin/campaigns/{slug}/paper/batches: a new batch.
func handleBatchCreate(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, err := campaignFor(c, st)
		if err != nil {
			return err
		}
		p := batchesPage{adminPage: newCampaignPage(v, c, camp, "reports"), Base: "/admin/campaigns/" + camp.Slug + "/paper/batches",
			Workplace: c.FormValue("workplace"), Cover: strings.TrimSpace(c.FormValue("cover")), Channel: c.FormValue("channel"),
			Double: c.FormValue("double") != ""}
		b := &survey.PaperBatch{Workplace: p.Workplace, Double: p.Double, Channel: survey.ChannelPaper, Day: camp.Day(now())}
		if p.Channel == string(survey.ChannelPhone) {
			b.Channel = survey.ChannelPhone
		}
		if b.Workplace != "" {
			if _, ok := camp.Workplace(b.Workplace); !ok {
				p.Errs.Add("workplace", survey.Message(p.Lang, "unknown_workplace", b.Workplace))
			}
		}
		if n, err := strconv.Atoi(p.Cover); err != nil || n < 1 || n > maxCover {
			p.Errs.Add("cover", v.T(p.Lang, "batches.bad_cover", maxCover))
		} else {
			b.Cover = n
		}
		if len(p.Errs) > 0 {
			return renderBatches(st, v, c, camp, http.StatusUnprocessableEntity, p)
		}
		if err := st.CreatePaperBatch(c.Request().Context(), camp.ID, b); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, p.Base+"/"+strconv.FormatInt(b.ID, 10))
	}
}

// batchPage is the data of static/tmpl/admin_paper_batch.html.
type batchPage struct {
	adminPage
	Base, BatchesBase string
	B                 *survey.PaperBatch
	WorkplaceName     string
	// Pass is the pass the user types (0 or 1), or -1: the user is neither typist.
	Pass    int
	PassN   int    // Pass + 1, as shown
	ModeKey string // batch.single or batch.double
	Waiting string // why the user cannot type now (i18n key), "" when they can
	Mine    []typedLine
	// The entry: the line and code as typed, the confirmed pair and the ballot as read.
	Line, Code, Checked string
	Preview             *entryView
	Next                int // the number of the ballot being typed
	// Compare holds both passes side by side once both are complete (double entry).
	Compare    []comparedPair
	Mismatches int
	// Problems say why the batch cannot be counted yet.
	Problems []string
	// The key to the numbers: the demands and options as numbered on the ballot.
	Demands   []paperDemand
	Questions []paperQuestion
}

type typedLine struct {
	survey.PaperLine
	View *entryView
}

type comparedPair struct {
	survey.PaperPair
	Views [2]*entryView
}

// entryView is a ballot as read, in words: the demands picked in order (or the ratings),
// the background answers and the code.
type entryView struct {
	Picks      []string
	Ratings    []string
	Background []string
	Code       string
	Bad        string // the problem when the line no longer reads (the campaign changed)
}

func newEntryView(camp *survey.Campaign, lang string, e *survey.Entry) *entryView {
	ev := &entryView{Code: survey.FormatCode(e.Code)}
	for _, k := range e.Ranking {
		d, _ := camp.Demand(k)
		_, title, _ := camp.DemandIn(lang, d)
		ev.Picks = append(ev.Picks, title.Text)
	}
	for i, d := range camp.VisibleDemands() {
		if r, ok := e.Ratings[d.Key]; ok {
			ev.Ratings = append(ev.Ratings, fmt.Sprintf("%d. %s: %d", i+1, d.Title, r))
		}
	}
	for _, q := range camp.Questions {
		if a, ok := e.Background[q.Key]; ok {
			o, _ := q.Option(a)
			label := camp.QuestionIn(lang, q).Text
			if !strings.HasSuffix(label, "?") && !strings.HasSuffix(label, ":") {
				label += ":"
			}
			ev.Background = append(ev.Background, label+" "+camp.OptionIn(lang, q, o).Text)
		}
	}
	return ev
}

// readLine parses and validates one typed ballot of batch b as its response would be
// stored; it returns the entry or the problems in lang.
func readLine(camp *survey.Campaign, b *survey.PaperBatch, lang, line, code string) (*survey.Entry, *survey.Response, []string) {
	e, err := survey.ParseEntry(camp, line, code)
	if err == nil {
		r := &survey.Response{ID: uuid.New(), Channel: b.Channel, Workplace: b.Workplace}
		e.Apply(r)
		if err = r.Validate(camp); err == nil {
			return e, r, nil
		}
	}
	var msgs []string
	for _, fe := range survey.FieldErrors(err) {
		msgs = append(msgs, fe.Message(lang))
	}
	if len(msgs) == 0 {
		msgs = append(msgs, survey.ErrorMessage(err))
	}
	return nil, nil, msgs
}

// canon is a line's canonical form for comparing two passes ("" when it does not read).
func canon(camp *survey.Campaign, b *survey.PaperBatch) func(survey.PaperLine) string {
	return func(l survey.PaperLine) string {
		e, _, bad := readLine(camp, b, "sv", l.Line, l.Code)
		if bad != nil {
			return ""
		}
		return e.Canonical()
	}
}

// passFor is the pass user types in b, or -1 with the reason (i18n key) when none.
func passFor(b *survey.PaperBatch, userID int64) (int, string) {
	if b.Typist[0] == 0 || b.Typist[0] == userID {
		if b.Double && b.Typist[0] == userID && b.Typed[0] >= b.Cover {
			return 0, "batch.wait_second"
		}
		return 0, ""
	}
	if !b.Double {
		return 0, "" // single entry: anyone with access may go on typing the one pass
	}
	if b.Typist[1] == 0 || b.Typist[1] == userID {
		if b.Typed[0] < b.Cover && b.Typist[1] == 0 {
			return 1, "batch.wait_first"
		}
		return 1, ""
	}
	return -1, "batch.third"
}

// loadBatch reads the campaign and the :id batch and starts the page.
func loadBatch(st survey.Store, v *view.Engine, c echo.Context) (*survey.Campaign, batchPage, error) {
	camp, err := campaignFor(c, st)
	if err != nil {
		return nil, batchPage{}, err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return nil, batchPage{}, errNoCampaign
	}
	b, err := st.PaperBatch(c.Request().Context(), camp.ID, id)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, batchPage{}, errNoCampaign
	} else if err != nil {
		return nil, batchPage{}, err
	}
	bb := "/admin/campaigns/" + camp.Slug + "/paper/batches"
	p := batchPage{adminPage: newCampaignPage(v, c, camp, "reports"), BatchesBase: bb, Base: bb + "/" + c.Param("id"),
		B: b}
	p.WorkplaceName = workplaceName(v, p.Lang, camp, b.Workplace)
	var key paperPage
	key.Lang = p.Lang
	key.localise(camp)
	p.Demands, p.Questions = key.Demands, key.Questions
	p.Pass, p.Waiting = passFor(b, p.User.ID)
	p.PassN, p.ModeKey = p.Pass+1, "batch.single"
	if b.Double {
		p.ModeKey = "batch.double"
	}
	return camp, p, nil
}

// fill reads what the page shows: the user's pass, and both passes compared once both are
// complete.
func (p *batchPage) fill(c echo.Context, st survey.Store, camp *survey.Campaign) error {
	if p.B.Committed {
		return nil
	}
	ctx := c.Request().Context()
	var passes [2][]survey.PaperLine
	for i := range 2 {
		var err error
		if passes[i], err = st.PaperLines(ctx, p.B.ID, i); err != nil {
			return err
		}
	}
	if p.Pass >= 0 && p.Waiting == "" {
		for _, l := range passes[p.Pass] {
			p.Mine = append(p.Mine, typedLine{PaperLine: l, View: p.view(camp, l)})
		}
	}
	p.Next = len(p.Mine) + 1
	if p.B.Double && len(passes[0]) == p.B.Cover && len(passes[1]) == p.B.Cover {
		for _, pair := range survey.ComparePaper(passes[0], passes[1], canon(camp, p.B)) {
			cp := comparedPair{PaperPair: pair}
			for i, l := range pair.Lines {
				if l != nil {
					cp.Views[i] = p.view(camp, *l)
				}
			}
			if !pair.Match {
				p.Mismatches++
			}
			p.Compare = append(p.Compare, cp)
		}
	}
	p.Problems = p.problems(passes)
	return nil
}

func (p *batchPage) view(camp *survey.Campaign, l survey.PaperLine) *entryView {
	e, _, bad := readLine(camp, p.B, p.Lang, l.Line, l.Code)
	if bad != nil {
		return &entryView{Bad: strings.Join(bad, "; ")}
	}
	return newEntryView(camp, p.Lang, e)
}

// problems says why the batch cannot be counted; none when it can.
func (p *batchPage) problems(passes [2][]survey.PaperLine) []string {
	var out []string
	if n := len(passes[0]); n != p.B.Cover {
		out = append(out, p.T(p.Lang, "batch.cover_mismatch", n, p.B.Cover))
	}
	if p.B.Double {
		if len(passes[1]) != p.B.Cover {
			out = append(out, p.T(p.Lang, "batch.err.second"))
		} else if p.Mismatches > 0 {
			out = append(out, p.T(p.Lang, "batch.err.mismatch", p.Mismatches, p.B.Cover))
		}
	}
	return out
}

// handleBatch serves GET /admin/campaigns/{slug}/paper/batches/{id}.
func handleBatch(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		if err := p.fill(c, st, camp); err != nil {
			return err
		}
		return adminRender(v, c, http.StatusOK, "admin_paper_batch", p)
	}
}

// handleBatchEntry takes POST …/batches/{id}/entry: one typed ballot. A line that differs
// from the one last shown ("checked") is read and shown; the same line again is saved.
func handleBatchEntry(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		if p.B.Committed || p.Pass < 0 || p.Waiting != "" {
			return c.Redirect(http.StatusSeeOther, p.Base) // nothing to type here: show the batch as it is
		}
		p.Line, p.Code = strings.TrimSpace(c.FormValue("line")), strings.TrimSpace(c.FormValue("code"))
		if p.B.Typed[p.Pass] >= p.B.Cover {
			p.Errs.Add("line", p.T(p.Lang, "batch.err.full"))
		} else if e, _, bad := readLine(camp, p.B, p.Lang, p.Line, p.Code); bad != nil {
			for _, m := range bad {
				p.Errs.Add("line", p.T(p.Lang, "batch.err.ballot", p.B.Typed[p.Pass]+1, m))
			}
		} else if c.FormValue("checked") != checkedValue(p.Line, p.Code) {
			p.Preview, p.Checked = newEntryView(camp, p.Lang, e), checkedValue(p.Line, p.Code)
		} else {
			ctx := c.Request().Context()
			// A double-entry pass belongs to one account; a single-entry batch to its first
			// typist, but others may go on typing it.
			if p.B.Double || p.B.Typist[0] == 0 {
				err := st.ClaimPaperPass(ctx, camp.ID, p.B.ID, p.Pass, p.User.ID)
				if survey.ErrorCode(err) == survey.ECONFLICT {
					return c.Redirect(http.StatusSeeOther, p.Base) // someone else took the pass meanwhile
				} else if err != nil {
					return err
				}
			}
			if err := st.AddPaperLine(ctx, p.B.ID, p.Pass, survey.PaperLine{Line: p.Line, Code: p.Code}); err != nil {
				return err
			}
			return adminDone(c, p.Base, "batch_saved")
		}
		if err := p.fill(c, st, camp); err != nil {
			return err
		}
		status := http.StatusOK
		if len(p.Errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return adminRender(v, c, status, "admin_paper_batch", p)
	}
}

// checkedValue is the hidden field that says which typed ballot was shown: the parts
// escaped and joined, with no line break (a browser sends those as CRLF).
func checkedValue(parts ...string) string {
	for i, s := range parts {
		parts[i] = url.QueryEscape(s)
	}
	return strings.Join(parts, "&")
}

// handleBatchDrop takes POST …/batches/{id}/drop: removes ballot seq from the user's pass.
func handleBatchDrop(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		seq, _ := strconv.Atoi(c.FormValue("seq"))
		if p.B.Committed || p.Pass < 0 || p.Waiting != "" || p.B.Double && p.B.Typist[p.Pass] != p.User.ID {
			return c.Redirect(http.StatusSeeOther, p.Base)
		}
		if err := st.DropPaperLine(c.Request().Context(), p.B.ID, p.Pass, seq); err != nil {
			return err
		}
		return adminDone(c, p.Base, "batch_dropped")
	}
}

// handleBatchFix takes POST …/batches/{id}/fix: what ballot seq really says, set in both
// passes (reconciling a mismatch) or, in a single-entry batch, in the one pass.
func handleBatchFix(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		if p.B.Committed {
			return c.Redirect(http.StatusSeeOther, p.Base)
		}
		seq, _ := strconv.Atoi(c.FormValue("seq"))
		line, code := strings.TrimSpace(c.FormValue("line")), strings.TrimSpace(c.FormValue("code"))
		if _, _, bad := readLine(camp, p.B, p.Lang, line, code); bad != nil {
			for _, m := range bad {
				p.Errs.Add("fix", p.T(p.Lang, "batch.err.ballot", seq, m))
			}
			if err := p.fill(c, st, camp); err != nil {
				return err
			}
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_paper_batch", p)
		}
		passes := []int{0}
		if p.B.Double {
			passes = []int{0, 1}
		}
		if seq < 1 || seq > p.B.Cover {
			return c.Redirect(http.StatusSeeOther, p.Base)
		}
		if err := st.SetPaperLine(c.Request().Context(), p.B.ID, passes, survey.PaperLine{Seq: seq, Line: line, Code: code}); err != nil {
			if survey.ErrorCode(err) == survey.EINVALID {
				return c.Redirect(http.StatusSeeOther, p.Base)
			}
			return err
		}
		return adminDone(c, p.Base, "batch_fixed")
	}
}

// handleBatchCommit takes POST …/batches/{id}/commit: counts a complete, reconciled batch.
func handleBatchCommit(st survey.Store, v *view.Engine, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		if p.B.Committed {
			return c.Redirect(http.StatusSeeOther, p.Base)
		}
		if err := p.fill(c, st, camp); err != nil {
			return err
		}
		if len(p.Problems) > 0 {
			p.Errs.Add("commit", p.T(p.Lang, "batch.err.not_ready"))
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_paper_batch", p)
		}
		// Once the campaign is closed every figure counts every answer: a batch counted
		// then would change the figures by exactly its ballots, and comparing the figures
		// before and after would show how that workplace's pile answered. Reopening the
		// campaign brings back the snapshot, which moves only by the anonymity threshold.
		if camp.AvailableAt(now()) != survey.Available {
			p.Errs.Add("commit", p.T(p.Lang, "batch.err.closed"))
			return adminRender(v, c, http.StatusConflict, "admin_paper_batch", p)
		}
		lines, err := st.PaperLines(c.Request().Context(), p.B.ID, 0)
		if err != nil {
			return err
		}
		day := camp.Day(now())
		rs := make([]*survey.Response, 0, len(lines))
		for _, l := range lines {
			_, r, bad := readLine(camp, p.B, p.Lang, l.Line, l.Code)
			for _, m := range bad {
				p.Errs.Add("commit", p.T(p.Lang, "batch.err.ballot", l.Seq, m))
			}
			if r != nil {
				r.Day = day
				rs = append(rs, r)
			}
		}
		if len(p.Errs) == 0 {
			// The ids are random already; the order of the pile goes too.
			order := rand.Perm(len(rs))
			shuffled := make([]*survey.Response, len(rs))
			for i, j := range order {
				shuffled[i] = rs[j]
			}
			err = st.CommitPaperBatch(c.Request().Context(), camp.ID, p.B.ID, shuffled)
			if fes := survey.FieldErrors(err); len(fes) == 1 && strings.HasPrefix(fes[0].Field, "ballot[") {
				i, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(fes[0].Field, "ballot["), "]"))
				seq := lines[order[i]].Seq
				p.Errs.Add("commit", p.T(p.Lang, "batch.err.ballot", seq, fes[0].Message(p.Lang)))
			} else if err != nil {
				return err
			}
		}
		if len(p.Errs) > 0 {
			return adminRender(v, c, http.StatusUnprocessableEntity, "admin_paper_batch", p)
		}
		return c.Redirect(http.StatusSeeOther, p.Base)
	}
}

// handleBatchDiscard takes POST …/batches/{id}/discard: throws an uncommitted batch away.
func handleBatchDiscard(st survey.Store, v *view.Engine) echo.HandlerFunc {
	return func(c echo.Context) error {
		camp, p, err := loadBatch(st, v, c)
		if err != nil {
			return err
		}
		if err := st.DeletePaperBatch(c.Request().Context(), camp.ID, p.B.ID); err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
			return err
		}
		return adminDone(c, p.BatchesBase, "batch_discarded")
	}
}

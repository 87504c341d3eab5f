package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kravlistan/cmd/kravlistan/internal/view"
	"kravlistan/survey"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// Guessing one-time codes. A code is 8 characters of a 32-character alphabet (2^40
// possibilities), so a guess hits one of N unused codes with probability N / 2^40. Every
// code checked is counted before it is looked up (so attempts sent at once cannot slip
// past), and given back when the code exists: what is left counts the wrong codes. Per
// client address that is the sign-in throttle's address key (20 free, then 1 s, 2 s, 4 s …
// up to a minute between attempts); per campaign a bucket of codeCampaignBurst wrong codes
// refilled at codeCampaignPerHour an hour, whoever sends them. The README states the odds
// this gives. Counts are kept in memory only.
const (
	codeCampaignPerHour = 600
	codeCampaignBurst   = 600
)

// codeGuard throttles code guessing per address and per campaign. Its counts live where
// the sign-in throttle's do (see counters): in memory, or in the store that several
// instances share.
type codeGuard struct {
	c    counters
	addr *throttle
	now  func() time.Time
}

func newCodeGuard(c counters, now func() time.Time) *codeGuard {
	return &codeGuard{c: c, addr: newThrottle(c, "code", now), now: now}
}

const codeRefill = float64(codeCampaignPerHour) / 3600 // tokens a second

// bucketKey is the key of a campaign's bucket of wrong codes; its counter holds the
// tokens left (a bucket not kept is full).
func bucketKey(campaignID int64) string {
	return "code\x00campaign\x00" + strconv.FormatInt(campaignID, 10)
}

// tokens returns the tokens of bucket b at now.
func tokens(b survey.Counter, now time.Time) float64 {
	if b.At.IsZero() {
		return codeCampaignBurst
	}
	return min(codeCampaignBurst, b.N+max(now.Sub(b.At).Seconds(), 0)*codeRefill)
}

// check counts an attempt at a code from ip for the campaign: a token of the campaign's
// bucket and an attempt of the address, together. It returns how long the client must
// wait (nothing counted), or 0 and a function to call when the code turned out to exist,
// which takes the attempt back.
func (g *codeGuard) check(ctx context.Context, ip string, campaignID int64) (time.Duration, func() error, error) {
	now := g.now()
	addr := addressKey(ip)
	keys := []string{bucketKey(campaignID), g.addr.scoped([]string{addr})[0]}
	var wait time.Duration
	err := g.c.update(ctx, keys, func(cs []survey.Counter) {
		wait = 0
		left := tokens(cs[0], now)
		if left < 1 {
			wait = time.Duration((1 - left) / codeRefill * float64(time.Second))
		} else if wait = waitFor(addr, cs[1], now); wait == 0 {
			left--
			cs[1] = countAttempt(cs[1], now)
		}
		cs[0] = survey.Counter{N: left, At: now}
	})
	if err != nil || wait > 0 {
		return wait, nil, err
	}
	return 0, func() error {
		return g.c.update(ctx, keys, func(cs []survey.Counter) {
			cs[0] = survey.Counter{N: min(codeCampaignBurst, tokens(cs[0], now)+1), At: now}
			if cs[1].N > 0 {
				cs[1].N--
			}
		})
	}, nil
}

// errCodeThrottled is answered (429) while code guessing is throttled.
type errCodeThrottled struct{ wait time.Duration }

func (e errCodeThrottled) Error() string { return "too many wrong codes" }

func (e errCodeThrottled) seconds() int { return int(math.Ceil(e.wait.Seconds())) }

// checkCode prepares r for a campaign's access mode before it is validated and stored.
// In open mode a code is ignored. In codes mode a missing code is ErrCodeMissing; a code
// is checked against the throttle, then looked up: unknown codes count as failures, and a
// known code puts its workplace on the response (the slip was handed out there). Whether
// the code is still unused is decided by the store's writer, in the transaction that
// stores the answer.
func checkCode(c echo.Context, st survey.Store, g *codeGuard, camp *survey.Campaign, r *survey.Response) error {
	if !camp.NeedsCode() {
		r.Code = ""
		return nil
	}
	if r.Code == "" {
		return survey.ErrCodeMissing
	}
	d, right, err := g.check(c.Request().Context(), c.RealIP(), camp.ID)
	if err != nil {
		return err
	} else if d > 0 {
		return errCodeThrottled{d}
	}
	wp, err := st.CodeWorkplace(c.Request().Context(), camp.ID, r.Code)
	if err != nil {
		return err // a wrong code stays counted
	}
	if err := right(); err != nil {
		return err
	}
	if _, ok := camp.Workplace(wp); ok {
		r.Workplace = wp
	}
	return nil
}

// throttledJSON answers a throttled API request.
func throttledJSON(c echo.Context, e errCodeThrottled) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(e.seconds()))
	return c.JSON(http.StatusTooManyRequests, errorsBody{Errors: []apiError{{Field: "code",
		Message: survey.Message("sv", "code_throttled", e.seconds())}}})
}

// codeProblem adds the message of a code error (from checkCode or the store) to the
// form's errors under the field code and returns the status it deserves when it is the
// only problem: 403, or 429 while throttled. Any other error (nil included) gives 0 and
// adds nothing.
func codeProblem(lang string, err error, errs view.FormErrors) int {
	var te errCodeThrottled
	if errors.As(err, &te) {
		errs.Add("code", survey.Message(lang, "code_throttled", te.seconds()))
		if len(errs) == 1 {
			return http.StatusTooManyRequests
		}
		return 0
	}
	if survey.ErrorCode(err) != survey.EFORBIDDEN {
		return 0
	}
	for _, f := range survey.FieldErrors(err) {
		if f.Field == "code" {
			errs.Add("code", f.Message(lang))
		}
	}
	if len(errs) == 1 {
		return http.StatusForbidden
	}
	return 0
}

// codeView is the code field of the questionnaire (campaigns with access codes) and, for
// open campaigns, what answered.js needs to remember on this phone that it answered.
type codeView struct {
	Needed bool
	Value  string
	Err    *view.FieldMsgs
	// Slug names the campaign in the phone's local storage (open campaigns).
	Slug string
}

// fillCodeView sets the code field of a questionnaire.
func fillCodeView(v *memberView, c *survey.Campaign, in *memberInput, errs view.FormErrors) {
	v.Code = codeView{Needed: c.NeedsCode(), Value: in.Code, Slug: c.Slug, Err: errs.Msgs("code", "e-code")}
	if v.Code.Err != nil {
		for _, m := range v.Code.Err.Msgs {
			v.Summary = append([]view.SummaryLine{{Anchor: "code", Text: v.T(v.Lang, "code.label") + ": " + m}}, v.Summary...)
		}
	}
}

// memberPageWithCode renders the questionnaire of a campaign with access codes with the
// code from the slip's link (?kod=) filled in. Such pages are not cached: each carries
// its own code.
func memberPageWithCode(c echo.Context, v *view.Engine, camp *survey.Campaign, wp *survey.Workplace, typed string) error {
	if code, ok := survey.NormalizeCode(typed); ok {
		typed = survey.FormatCode(code)
	} else if len(typed) > 4*survey.CodeLength {
		typed = ""
	}
	req := c.Request()
	p := v.NewPage(req, view.RoutePath(c))
	c.Response().Header().Set("Cache-Control", "no-store")
	mv := newMemberView(p, camp, wp, &memberInput{ID: uuid.NewString(), Code: typed}, nil)
	for i := range mv.Langs { // switching language keeps the code
		mv.Langs[i].Href += "&kod=" + url.QueryEscape(typed)
	}
	return v.Render(c, http.StatusOK, "member", mv)
}
